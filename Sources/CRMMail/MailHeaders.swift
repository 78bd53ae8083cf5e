// crm — a terminal-first CRM. Licensed under the MIT License.

/// The header fields of a message or a MIME part (RFC 5322 section 2.2), unfolded, in their order.
///
/// Names are matched case-insensitively; values are kept as sent (encoded words are decoded only by
/// the accessors that know a field is text), so a threading id or a parameter is never altered.
public struct MailHeaders: Sendable, Hashable {
    /// One field: its name as written and its unfolded value.
    public struct Field: Sendable, Hashable {
        public let name: String
        public let value: String
    }

    /// Every field in the order it came.
    public let fields: [Field]

    public init(fields: [Field]) { self.fields = fields }

    /// The first value of the field `name`, trimmed, or nil when it is absent.
    public subscript(name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name.lowercased() == key }?.value.trimmingMailSpace()
    }

    /// Every value of the field `name` (Received, References can repeat).
    public func all(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.name.lowercased() == key }.map { $0.value.trimmingMailSpace() }
    }

    /// Parses a header block (bytes up to, not including, the blank line).
    ///
    /// Folded lines (starting with a space or a tab) continue the field before them; a line that is
    /// not `name: value` (an mbox `From ` line, garbage) is skipped rather than refused, because mail
    /// in the wild is often slightly broken and one bad line must not lose the message.
    static func parse(_ block: ArraySlice<UInt8>) -> MailHeaders {
        var fields: [Field] = []
        var name: String?
        var value: [UInt8] = []
        func flush() {
            if let name { fields.append(Field(name: name, value: MailText.headerString(value))) }
            name = nil
            value = []
        }
        for line in MailText.lines(block) {
            if let first = line.first, first == 0x20 || first == 0x09 {
                if name != nil { value.append(contentsOf: line) }
                continue
            }
            flush()
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { continue }
            let nameBytes = line[line.startIndex..<colon]
            guard nameBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { continue }
            name = String(decoding: nameBytes, as: UTF8.self)
            value = Array(line[(colon + 1)...])
        }
        flush()
        return MailHeaders(fields: fields)
    }
}

/// Splits a message's bytes into its header block and body.
enum MessageSplit {
    /// The header block and the body: split at the first empty line (CRLF CRLF or LF LF).
    static func split(_ bytes: ArraySlice<UInt8>) -> (header: ArraySlice<UInt8>, body: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        var lineStart = true
        while index < bytes.endIndex {
            if lineStart {
                if bytes[index] == 0x0A { return (bytes[bytes.startIndex..<index], bytes[(index + 1)...]) }
                if bytes[index] == 0x0D, index + 1 < bytes.endIndex, bytes[index + 1] == 0x0A {
                    return (bytes[bytes.startIndex..<index], bytes[(index + 2)...])
                }
            }
            lineStart = bytes[index] == 0x0A
            index += 1
        }
        return (bytes, bytes[bytes.endIndex...])
    }
}
