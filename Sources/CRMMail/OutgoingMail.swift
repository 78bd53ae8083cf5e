// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A plain-text reply rendered as an RFC 5322 message: UTF-8 text in quoted-printable (safe through
/// any 7-bit relay), non-ASCII subjects as RFC 2047 encoded words, and the threading headers that
/// make the customer's mailer file it under the conversation.
public struct OutgoingMail: Sendable, Hashable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    /// Without angle brackets.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    public var date: Date

    public init(
        from: String, to: String, subject: String, body: String, messageID: String, inReplyTo: String?,
        references: [String], date: Date
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
    }

    /// The message with CRLF line ends.
    public func rendered() -> [UInt8] {
        var lines = [
            "From: \(from)", "To: \(to)", "Subject: \(Self.encodedWord(subject))", "Date: \(Self.dateText(date))",
            "Message-ID: <\(messageID)>",
        ]
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty {
            lines.append("References: " + references.map { "<\($0)>" }.joined(separator: "\r\n "))
        }
        lines += [
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "", Self.quotedPrintable(body),
        ]
        return Array(lines.joined(separator: "\r\n").utf8) + [0x0D, 0x0A]
    }

    /// `text` as one or more `=?utf-8?B?…?=` words when it is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 0x7E || $0.value < 0x20 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        words.append(chunk)
        return words.map { "=?utf-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045 6.7) with CRLF hard breaks and soft breaks before 76 columns.
    static func quotedPrintable(_ text: String) -> String {
        var output: [String] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            var encoded = ""
            var column = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let plain = (byte >= 0x21 && byte <= 0x7E && byte != 0x3D) || ((byte == 0x20 || byte == 0x09) && !last)
                let piece = plain ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if column + piece.count > 75 {
                    encoded += "=\r\n"
                    column = 0
                }
                encoded += piece
                column += piece.count
            }
            output.append(encoded)
        }
        return output.joined(separator: "\r\n")
    }

    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
