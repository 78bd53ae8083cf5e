// crm — a terminal-first CRM. Licensed under the MIT License.

/// The server side of one SMTP session (RFC 5321 sections 3 and 4), without I/O: it takes the
/// client's lines one at a time and says what to answer.
///
/// It knows EHLO/HELO, MAIL FROM (with SIZE), RCPT TO, DATA (dot-unstuffed, size-limited), RSET,
/// NOOP, VRFY, HELP and QUIT; anything else is answered 502 or 500. Sequence errors are 503, a
/// recipient the target does not take is 550 at RCPT, a message over `limits.maxMessageBytes`
/// is read to its end and refused 552. After `limits.maxErrors` bad commands the session ends
/// with 421, so a confused or hostile client cannot keep a connection forever.
struct SMTPServerSession {
    /// What the listener enforces.
    struct Limits: Sendable, Hashable {
        var maxMessageBytes = 10 * 1024 * 1024
        var maxRecipients = 100
        /// RFC 5321 4.5.3.1.4: 512 octets with CR LF.
        var maxCommandLine = 510
        /// RFC 5321 allows 1000 octets per text line; mailers in the wild send longer HTML lines
        /// and the common MTAs accept them, so a data line may be longer, but bounded.
        var maxDataLine = 64 * 1024
        var maxErrors = 10
    }

    /// What the listener does after a line.
    enum Step: Equatable {
        /// Nothing to answer yet (a data line).
        case none
        case reply(SMTPReply)
        /// Answer, then close the connection.
        case close(SMTPReply)
        /// A complete message: hand it to the target, answer with its reply, then `finishMessage`.
        case deliver(SMTPEnvelope)
    }

    let hostName: String
    let limits: Limits
    let accepts: @Sendable (String) -> Bool
    private var clientName: String?
    private var sender: String?
    private var recipients: [String] = []
    private var data: [UInt8] = []
    private(set) var inData = false
    private var oversize = false
    private var errors = 0

    init(hostName: String, limits: Limits, accepts: @escaping @Sendable (String) -> Bool) {
        self.hostName = hostName
        self.limits = limits
        self.accepts = accepts
    }

    var greeting: SMTPReply { SMTPReply(220, "\(hostName) crm-server ESMTP ready") }

    /// The longest line the session takes now.
    var lineLimit: Int { inData ? limits.maxDataLine : limits.maxCommandLine }

    mutating func line(_ line: SMTPLineReader.Line) -> Step {
        if inData { return dataLine(line) }
        if line.tooLong { return error(500, "5.5.2 line too long: a command line is at most 512 octets") }
        return command(String(decoding: line.bytes, as: UTF8.self))
    }

    /// Ends the transaction after a message was delivered (or refused).
    mutating func finishMessage() {
        resetTransaction()
    }

    private mutating func command(_ text: String) -> Step {
        let verb = text.prefix { $0 != " " }.uppercased()
        let argument = text.dropFirst(verb.count).drop { $0 == " " }
        switch verb {
        case "EHLO", "HELO":
            guard !argument.isEmpty else { return error(501, "5.5.4 \(verb) needs the client's domain name") }
            clientName = String(argument)
            resetTransaction()
            guard verb == "EHLO" else { return .reply(SMTPReply(250, "\(hostName) greets \(argument)")) }
            let extensions = ["SIZE \(limits.maxMessageBytes)", "8BITMIME", "PIPELINING", "ENHANCEDSTATUSCODES"]
            return .reply(SMTPReply(250, (["\(hostName) greets \(argument)"] + extensions).joined(separator: "\n")))
        case "MAIL": return mail(argument)
        case "RCPT": return recipient(argument)
        case "DATA":
            guard sender != nil else { return error(503, "5.5.1 send MAIL FROM first") }
            guard !recipients.isEmpty else { return error(503, "5.5.1 no valid recipients; send RCPT TO first") }
            inData = true
            return .reply(SMTPReply(354, "End data with <CR><LF>.<CR><LF>"))
        case "RSET":
            resetTransaction()
            return .reply(SMTPReply(250, "2.0.0 OK"))
        case "NOOP": return .reply(SMTPReply(250, "2.0.0 OK"))
        case "QUIT": return .close(SMTPReply(221, "2.0.0 \(hostName) closing connection"))
        case "VRFY": return .reply(SMTPReply(252, "2.5.2 cannot verify; send the message and it will be tried"))
        case "HELP": return .reply(SMTPReply(214, "2.0.0 EHLO HELO MAIL RCPT DATA RSET NOOP VRFY QUIT"))
        case "STARTTLS", "AUTH", "BDAT", "ETRN", "EXPN", "TURN":
            return error(502, "5.5.1 \(verb) is not implemented by crm-server")
        default: return error(500, "5.5.2 command not recognized: \(verb.prefix(20))")
        }
    }

    private mutating func mail(_ argument: Substring) -> Step {
        guard clientName != nil else { return error(503, "5.5.1 send EHLO or HELO first") }
        guard sender == nil else { return error(503, "5.5.1 a transaction is in progress; send RSET first") }
        guard let (path, parameters) = Self.path(argument, keyword: "FROM:") else {
            return error(501, "5.5.4 syntax: MAIL FROM:<address> [SIZE=n]")
        }
        for parameter in parameters where parameter.uppercased().hasPrefix("SIZE=") {
            if let size = Int(parameter.dropFirst(5)), size > limits.maxMessageBytes {
                return .reply(
                    SMTPReply(552, "5.3.4 message size \(size) exceeds the limit of \(limits.maxMessageBytes) bytes"))
            }
        }
        sender = path
        return .reply(SMTPReply(250, "2.1.0 sender OK"))
    }

    private mutating func recipient(_ argument: Substring) -> Step {
        guard sender != nil else { return error(503, "5.5.1 send MAIL FROM first") }
        guard let (path, _) = Self.path(argument, keyword: "TO:"), !path.isEmpty else {
            return error(501, "5.5.4 syntax: RCPT TO:<address>")
        }
        guard recipients.count < limits.maxRecipients else {
            return .reply(SMTPReply(452, "4.5.3 too many recipients; send the rest in another transaction"))
        }
        guard accepts(path) else {
            return .reply(SMTPReply(550, "5.1.1 <\(path)>: no such mailbox here"))
        }
        recipients.append(path)
        return .reply(SMTPReply(250, "2.1.5 recipient OK"))
    }

    private mutating func dataLine(_ line: SMTPLineReader.Line) -> Step {
        if !line.tooLong, line.bytes == [0x2E] {
            inData = false
            if oversize {
                resetTransaction()
                return .reply(
                    SMTPReply(
                        552,
                        "5.3.4 message exceeds the limit of \(limits.maxMessageBytes) bytes "
                            + "(or has a line over \(limits.maxDataLine) octets)"))
            }
            return .deliver(
                SMTPEnvelope(clientName: clientName ?? "", sender: sender ?? "", recipients: recipients, data: data))
        }
        let bytes = line.bytes.first == 0x2E ? line.bytes.dropFirst() : line.bytes[...]
        if line.tooLong || data.count + bytes.count + 2 > limits.maxMessageBytes {
            oversize = true
            data = []
        }
        if !oversize {
            data.append(contentsOf: bytes)
            data.append(contentsOf: [0x0D, 0x0A])
        }
        return .none
    }

    private mutating func error(_ code: Int, _ text: String) -> Step {
        errors += 1
        guard errors < limits.maxErrors else {
            return .close(SMTPReply(421, "4.7.0 too many errors; closing connection"))
        }
        return .reply(SMTPReply(code, text))
    }

    private mutating func resetTransaction() {
        sender = nil
        recipients = []
        data = []
        inData = false
        oversize = false
    }

    /// The address of `FROM:<a@b> PARAM...` or `TO:<a@b>` and the parameters after it; the
    /// null path `<>` gives an empty address.
    static func path(_ argument: Substring, keyword: String) -> (String, [Substring])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return nil }
        var address = rest[rest.index(after: rest.startIndex)..<close]
        if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
            address = address[address.index(after: colon)...]  // an obsolete source route
        }
        let parameters = rest[rest.index(after: close)...].split(separator: " ")
        return (String(address), parameters)
    }
}
