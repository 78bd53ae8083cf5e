// crm — a terminal-first CRM. Licensed under the MIT License.

/// RFC 2047 encoded words (`=?charset?Q?...?=` and `=?charset?B?...?=`) in unstructured header text.
///
/// White space between two adjacent encoded words is dropped (RFC 2047 section 6.2), so a subject
/// split over several words and folded lines reads as one. A word that does not decode is left as
/// written.
public enum EncodedWords {
    /// `text` with its encoded words decoded.
    public static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let chars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var pendingSpace = String.UnicodeScalarView()
        var lastWasEncoded = false
        var index = 0
        while index < chars.count {
            if chars[index] == "=", index + 1 < chars.count, chars[index + 1] == "?",
                let (decoded, end) = word(chars, at: index)
            {
                if !lastWasEncoded { result.append(contentsOf: pendingSpace) }
                pendingSpace = String.UnicodeScalarView()
                result.append(contentsOf: decoded.unicodeScalars)
                lastWasEncoded = true
                index = end
                continue
            }
            let scalar = chars[index]
            if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
                pendingSpace.append(scalar == "\t" ? " " : scalar)
            } else {
                result.append(contentsOf: pendingSpace)
                pendingSpace = String.UnicodeScalarView()
                result.append(scalar)
                lastWasEncoded = false
            }
            index += 1
        }
        result.append(contentsOf: pendingSpace)
        return String(result)
    }

    /// The encoded word starting at `start` and the index after it, or nil when it is not one.
    private static func word(_ chars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var index = start + 2
        while index < chars.count, index - start < 1_000 {
            let scalar = chars[index]
            if scalar == "?" {
                if parts.count == 2 {
                    guard index + 1 < chars.count, chars[index + 1] == "=" else { return nil }
                    parts.append(String(current))
                    return decoded(charset: parts[0], encoding: parts[1], text: parts[2]).map { ($0, index + 2) }
                }
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else if scalar == " " || scalar == "\t" || scalar == "\n" {
                return nil
            } else {
                current.append(scalar)
            }
            index += 1
        }
        return nil
    }

    private static func decoded(charset: String, encoding: String, text: String) -> String? {
        let name = charset.split(separator: "*").first.map(String.init) ?? charset
        let bytes: [UInt8]
        switch encoding.lowercased() {
        case "b": bytes = TransferDecoding.base64(Array(text.utf8)[...])
        case "q": bytes = TransferDecoding.quotedPrintable(Array(text.utf8)[...], underscoreIsSpace: true)
        default: return nil
        }
        return Charset.decode(bytes, charset: name)
    }
}
