// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMail
import Testing

/// The parts of the parser on the cases the real fixtures do not cover.
@Suite struct MailPiecesTests {
    @Test func foldedHeadersUnfoldAndEncodedWordsJoin() throws {
        let raw =
            "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n =?ISO-8859-1?B?YXVzIE38bmNoZW4=?=\r\n and more\r\n"
            + "From: =?utf-8?q?Ren=C3=A9_M=C3=BCller?= <rene@example.de>\r\n\r\nbody\r\n"
        let message = try MailMessage(bytes: Array(raw.utf8))
        #expect(message.subject == "Grüßeaus München and more")
        #expect(message.from == MailAddress(name: "René Müller", address: "rene@example.de"))
        #expect(message.text == "body\n")
    }

    @Test func windows1252AndUnknownCharsets() {
        #expect(Charset.decode([0x93, 0x80, 0x94], charset: "windows-1252") == "“€”")
        #expect(Charset.decode([0xE9], charset: "ISO-8859-1") == "é")
        #expect(Charset.decode([0x82, 0xA0], charset: "shift_jis") == "あ")
        #expect(Charset.decode(Array("ok".utf8), charset: "x-unknown") == "ok")
    }

    @Test func quotedPrintableSoftBreaksAndBase64Padding() {
        #expect(
            TransferDecoding.quotedPrintable(Array("a=3Db=\r\nc= \nd=ZZ".utf8)[...], underscoreIsSpace: false)
                == Array("a=bcd=ZZ".utf8))
        #expect(TransferDecoding.base64(Array("aGVs\r\nbG8=".utf8)[...]) == Array("hello".utf8))
    }

    @Test func rfc2231ContinuedAttachmentName() {
        let type = ContentType("attachment; filename*0*=UTF-8''R%C3%A9sum; filename*1*=%C3%A9.pdf")
        #expect(type.value == "attachment")
        #expect(type["filename"] == "Résumé.pdf")
    }

    @Test func htmlOnlyMessageBecomesText() throws {
        let raw = """
            From: a@example.com
            Content-Type: text/html; charset=utf-8

            <html><head><style>p{}</style></head><body><p>Hello&nbsp;<b>there</b></p><br>Line &amp; two<ul><li>one</li></ul><!-- x --></body></html>
            """
        let message = try MailMessage(bytes: Array(raw.utf8))
        #expect(message.text == "Hello there\n\nLine & two\n- one")
    }

    @Test func caseTagInSubject() {
        #expect(CaseTag.number(in: "Re: Printer on fire [#123]") == 123)
        #expect(CaseTag.number(in: "[#] [#x] [#42 ] costs [#7]") == 7)
        #expect(CaseTag.number(in: "no tag") == nil)
        #expect(CaseTag.subject("Printer on fire", caseNumber: 123) == "Re: Printer on fire [#123]")
        #expect(CaseTag.subject("Re: Printer on fire [#123]", caseNumber: 123) == "Re: Printer on fire [#123]")
    }

    @Test(arguments: [
        ("Auto-Submitted: no", false), ("Auto-Submitted: auto-generated (vacation)", true), ("X-Autoreply: yes", true),
        ("Precedence: bulk", true), ("Precedence: auto_reply", true), ("Precedence: junk", true),
        ("Precedence: first-class", false),
    ])
    func autoReplyHeaders(header: String, automatic: Bool) throws {
        let message = try MailMessage(bytes: Array("From: a@example.com\n\(header)\n\nhi\n".utf8))
        #expect((message.kind != .message) == automatic, "\(header)")
    }

    @Test func nestedMixedInsideMixedKeepsAllAttachments() throws {
        let raw = """
            From: a@example.com
            Content-Type: multipart/mixed; boundary="outer"

            preamble
            --outer
            Content-Type: multipart/mixed; boundary=inner

            --inner
            Content-Type: text/plain

            hello
            --inner
            Content-Type: image/png; name="dot.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --inner--
            --outer
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="=?UTF-8?B?w6kucGRm?="

            %PDF
            --outer--
            epilogue
            """
        let message = try MailMessage(bytes: Array(raw.utf8))
        #expect(message.text == "hello")
        #expect(message.attachments.map(\.name) == ["dot.png", "é.pdf"])
        #expect(message.attachments.map(\.size) == [8, 4])
        #expect(message.attachments.map(\.contentType) == ["image/png", "application/pdf"])
    }

    @Test func notAMessageIsRefusedWithItsSize() {
        #expect(throws: MailParseError.noHeaders(byteCount: 9)) { try MailMessage(bytes: Array("\nno head\n".utf8)) }
    }

    @Test func addressForms() {
        let list = MailAddress.list("\"Doe, Jane\" <jane@x.org>, bob@y.org (Bob B), team: c@z.org, d@z.org;, junk")
        #expect(list.map(\.address) == ["jane@x.org", "bob@y.org", "c@z.org", "d@z.org"])
        #expect(list.map(\.name) == ["Doe, Jane", "Bob B", nil, nil])
    }
}
