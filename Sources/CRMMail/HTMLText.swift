// crm — a terminal-first CRM. Licensed under the MIT License.

/// Plain text from an HTML body, for a message that has no text/plain part.
///
/// Not an HTML parser: it drops `<head>`, `<script>`, `<style>` and comments, turns block ends
/// (`br`, `p`, `div`, `tr`, `li`, headings) into line breaks, removes the other tags, decodes the
/// common entities and numeric references, and collapses runs of spaces and blank lines. That is
/// what a support agent needs to read a customer's mail; the layout of a newsletter is lost.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        var output = ""
        var index = html.startIndex
        while index < html.endIndex {
            let char = html[index]
            if char == "<" {
                if html[index...].hasPrefix("<!--") {
                    index = html[index...].range(of: "-->")?.upperBound ?? html.endIndex
                    continue
                }
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: index)..<close].lowercased()
                let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
                if !tag.hasPrefix("/"), ["head", "script", "style", "title"].contains(name),
                    let end = html[close...].range(of: "</\(name)", options: .caseInsensitive)
                {
                    index = html[end.upperBound...].firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
                    continue
                }
                if ["br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"]
                    .contains(name)
                {
                    output.append("\n")
                    if name == "li", !tag.hasPrefix("/") { output.append("- ") }
                } else if name == "td" || name == "th" {
                    output.append(" ")
                }
                index = html.index(after: close)
            } else if char == "&", let (decoded, next) = entity(html, at: index) {
                output.append(decoded)
                index = next
            } else {
                output.append(char.isNewline ? " " : char)
                index = html.index(after: index)
            }
        }
        return tidy(output)
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "hellip": "…", "mdash": "—", "ndash": "–", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
        "euro": "€", "eacute": "é", "egrave": "è", "agrave": "à", "auml": "ä", "ouml": "ö", "uuml": "ü", "szlig": "ß",
    ]

    private static func entity(_ html: String, at start: String.Index) -> (String, String.Index)? {
        guard let semicolon = html[start...].prefix(12).firstIndex(of: ";") else { return nil }
        let body = html[html.index(after: start)..<semicolon]
        let next = html.index(after: semicolon)
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value =
                digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (String(Character(scalar == "\u{A0}" ? " " : scalar)), next)
        }
        return named[String(body).lowercased()].map { ($0, next) }
    }

    /// Spaces collapsed within lines, lines trimmed, at most one blank line in a row.
    private static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let collapsed = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            if collapsed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(collapsed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
