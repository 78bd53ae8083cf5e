// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMServer

/// The SMTP listener's session rules and line splitting, line by line (the real listener, fed by
/// smtplib, is in crmTests' MailGatewayTests).
@Suite struct SMTPServerSessionTests {
    static func session(maxBytes: Int = 1000) -> SMTPServerSession {
        SMTPServerSession(hostName: "mx.test", limits: SMTPServerSession.Limits(maxMessageBytes: maxBytes)) {
            $0.lowercased() == "support@acme.test"
        }
    }

    static func line(_ text: String) -> SMTPLineReader.Line {
        SMTPLineReader.Line(bytes: Array(text.utf8), tooLong: false)
    }

    static func code(_ step: SMTPServerSession.Step) -> Int? {
        switch step {
        case .reply(let reply), .close(let reply): reply.code
        case .none, .deliver: nil
        }
    }

    @Test func aTransactionDeliversTheDotUnstuffedMessageToAcceptedRecipients() {
        var session = Self.session()
        #expect(Self.code(session.line(Self.line("EHLO client.test"))) == 250)
        #expect(Self.code(session.line(Self.line("MAIL FROM:<a@b.test> SIZE=100"))) == 250)
        #expect(Self.code(session.line(Self.line("RCPT TO:<nobody@acme.test>"))) == 550)
        #expect(Self.code(session.line(Self.line("RCPT TO:<Support@acme.test>"))) == 250)
        #expect(Self.code(session.line(Self.line("DATA"))) == 354)
        #expect(session.line(Self.line("Subject: x")) == .none)
        #expect(session.line(Self.line("")) == .none)
        #expect(session.line(Self.line("..leading dot")) == .none)
        guard case .deliver(let envelope) = session.line(Self.line(".")) else {
            Issue.record("no delivery")
            return
        }
        #expect(envelope.sender == "a@b.test" && envelope.recipients == ["Support@acme.test"])
        #expect(envelope.clientName == "client.test")
        #expect(String(decoding: envelope.data, as: UTF8.self) == "Subject: x\r\n\r\n.leading dot\r\n")
        session.finishMessage()
        #expect(Self.code(session.line(Self.line("DATA"))) == 503, "a new transaction needs MAIL FROM")
        #expect(Self.code(session.line(Self.line("QUIT"))) == 221)
    }

    @Test func sequenceErrorsResetSizeLimitsAndTheErrorBudget() {
        var session = Self.session(maxBytes: 50)
        #expect(Self.code(session.line(Self.line("MAIL FROM:<a@b.test>"))) == 503, "EHLO first")
        #expect(Self.code(session.line(Self.line("HELO client.test"))) == 250)
        #expect(Self.code(session.line(Self.line("RCPT TO:<support@acme.test>"))) == 503, "MAIL first")
        #expect(Self.code(session.line(Self.line("MAIL FROM:<> SIZE=51"))) == 552)
        #expect(Self.code(session.line(Self.line("MAIL FROM:<>"))) == 250, "the null path of a bounce")
        #expect(Self.code(session.line(Self.line("MAIL FROM:<a@b.test>"))) == 503, "nested MAIL")
        #expect(Self.code(session.line(Self.line("RSET"))) == 250)
        #expect(Self.code(session.line(Self.line("NOOP"))) == 250)
        #expect(Self.code(session.line(Self.line("MAIL FROM:<a@b.test>"))) == 250)
        #expect(Self.code(session.line(Self.line("RCPT TO:<support@acme.test>"))) == 250)
        #expect(Self.code(session.line(Self.line("DATA"))) == 354)
        for _ in 0..<10 { #expect(session.line(Self.line("0123456789")) == .none) }
        #expect(Self.code(session.line(Self.line("."))) == 552, "read to its end, then refused")
        #expect(Self.code(session.line(SMTPLineReader.Line(bytes: [], tooLong: true))) == 500)
        for _ in 0..<5 { #expect(Self.code(session.line(Self.line("BOGUS"))) == 500) }
        guard case .close(let reply) = session.line(Self.line("BOGUS")) else {
            Issue.record("the tenth error should close the session")
            return
        }
        #expect(reply.code == 421)
    }

    @Test func theLineReaderBoundsLinesAndKeepsWhatFollows() {
        var reader = SMTPLineReader()
        reader.append(Array("EHLO a\r\nNOOP".utf8))
        #expect(reader.next(limit: 510) == SMTPLineReader.Line(bytes: Array("EHLO a".utf8), tooLong: false))
        #expect(reader.next(limit: 510) == nil, "NOOP waits for its line end")
        reader.append(Array("\nbare\n".utf8))
        #expect(reader.next(limit: 510)?.bytes == Array("NOOP".utf8))
        #expect(reader.next(limit: 510)?.bytes == Array("bare".utf8))
        reader.append([UInt8](repeating: 0x41, count: 2000))
        #expect(reader.next(limit: 510) == nil, "an over-long line is dropped, not kept")
        reader.append(Array("AAAA\r\nQUIT\r\n".utf8))
        #expect(reader.next(limit: 510) == SMTPLineReader.Line(bytes: [], tooLong: true))
        #expect(reader.next(limit: 510)?.bytes == Array("QUIT".utf8))
        #expect(SMTPReply(250, "a\nb").wire == "250-a\r\n250 b\r\n")
    }
}
