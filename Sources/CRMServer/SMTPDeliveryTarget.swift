// crm — a terminal-first CRM. Licensed under the MIT License.

/// Where the SMTP listener hands what it receives: it says which recipients exist (so unknown
/// ones are refused at RCPT, before any data is sent) and takes each complete message.
///
/// The listener knows nothing of tenants or records; `MailGateway` is the one target in
/// crm-server, and tests can give their own.
public protocol SMTPDeliveryTarget: Sendable {
    /// Whether mail to `recipient` (the address of `RCPT TO`) is taken.
    func accepts(recipient: String) -> Bool
    /// Takes one message; the reply goes to the client as the answer to its DATA.
    func deliver(_ envelope: SMTPEnvelope) async -> SMTPReply
}

/// One received message with its envelope (RFC 5321 2.3.1).
public struct SMTPEnvelope: Sendable, Hashable {
    /// The name the client gave in EHLO or HELO.
    public var clientName: String
    /// The reverse path (`MAIL FROM`); empty for the null path `<>` of a bounce.
    public var sender: String
    /// The accepted recipients, in order.
    public var recipients: [String]
    /// The message as sent, dot-unstuffed, lines ending in CR LF.
    public var data: [UInt8]
}

/// A reply line: a three-digit code and its text (which starts with an enhanced status code).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var text: String

    public init(_ code: Int, _ text: String) {
        self.code = code
        self.text = text
    }

    public var description: String { "\(code) \(text)" }

    /// The reply as sent: CR LF line ends, `-` after the code of every line but the last.
    var wire: String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in
            "\(code)\(index == lines.count - 1 ? " " : "-")\(line)\r\n"
        }.joined()
    }
}
