// crm — a terminal-first CRM. Licensed under the MIT License.

/// A structured MIME header value: `type/subtype; name=value; ...` (Content-Type, Content-Disposition).
///
/// Parameters follow RFC 2045 (tokens or quoted strings) and RFC 2231 (`name*=charset''%XX` and the
/// `name*0`, `name*1` continuations long attachment names use); values of plain parameters may also be
/// RFC 2047 encoded words, which many mailers write against the standard.
public struct ContentType: Sendable, Hashable {
    /// The lower-cased value before the first `;` (`text/plain`, `attachment`).
    public let value: String
    /// Parameters by lower-cased name, decoded.
    public let parameters: [String: String]

    /// The media type before the `/` (`multipart`), lower-cased.
    public var type: String { String(value.split(separator: "/", maxSplits: 1).first ?? "") }
    /// The subtype after the `/` (`alternative`), lower-cased.
    public var subtype: String {
        let parts = value.split(separator: "/", maxSplits: 1)
        return parts.count == 2 ? String(parts[1]) : ""
    }

    /// The parameter `name` (case-insensitive).
    public subscript(name: String) -> String? { parameters[name.lowercased()] }

    /// Parses a header value; an empty one gives an empty value and no parameters.
    public init(_ text: String) {
        let pieces = Self.split(text)
        value = (pieces.first ?? "").trimmingMailSpace().lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(Int, String, Bool)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingMailSpace().lowercased()
            let raw = piece[piece.index(after: equals)...].trimmingMailSpace()
            let unquoted = Self.unquote(raw)
            guard !name.isEmpty else { continue }
            let encoded = name.hasSuffix("*")
            if encoded { name.removeLast() }
            let sections = name.split(separator: "*", maxSplits: 1)
            if sections.count == 2, let number = Int(sections[1]) {
                extended[String(sections[0]), default: []].append((number, unquoted, encoded))
            } else if encoded {
                extended[name, default: []].append((0, unquoted, true))
            } else {
                plain[name] = EncodedWords.decode(unquoted)
            }
        }
        for (name, parts) in extended {
            plain[name] = Self.joined(parts.sorted { $0.0 < $1.0 })
        }
        parameters = plain
    }

    /// RFC 2231: the first encoded section carries `charset'language'`; sections are percent-encoded.
    private static func joined(_ parts: [(Int, String, Bool)]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (offset, part) in parts.enumerated() {
            var text = Substring(part.1)
            if part.2, offset == 0 {
                let quoteParts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if quoteParts.count == 3 {
                    charset = quoteParts[0].isEmpty ? nil : String(quoteParts[0])
                    text = quoteParts[2]
                }
            }
            bytes.append(contentsOf: part.2 ? percentDecoded(text) : Array(text.utf8))
        }
        return Charset.decode(bytes, charset: charset)
    }

    private static func percentDecoded(_ text: Substring) -> [UInt8] {
        var result: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == 0x25, iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                result.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                result.append(byte)
            }
        }
        return result
    }

    /// Splits at `;` outside quoted strings.
    private static func split(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var inQuotes = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let char = text[index]
            if escaped {
                escaped = false
            } else if char == "\\" && inQuotes {
                escaped = true
            } else if char == "\"" {
                inQuotes.toggle()
            } else if char == ";" && !inQuotes {
                pieces.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        pieces.append(text[start...])
        return pieces
    }

    private static func unquote(_ text: String) -> String {
        guard text.hasPrefix("\""), text.count >= 2 else { return text }
        var result = ""
        var escaped = false
        for char in text.dropFirst() {
            if escaped {
                result.append(char)
                escaped = false
            } else if char == "\\" {
                escaped = true
            } else if char == "\"" {
                break
            } else {
                result.append(char)
            }
        }
        return result
    }
}
