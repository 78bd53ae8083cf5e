// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMail
import Foundation
import Testing

/// The parser against real messages saved by real mailers (Fixtures/PROVENANCE.md).
@Suite struct RealMessageTests {
    @Test func gmailMixedWithAlternativeAndAttachment() throws {
        let message = try Fixture.message("gmail-alternative.eml")
        #expect(message.subject == "Mail avec fichier attaché de 1ko")
        #expect(message.from == MailAddress(name: "Name", address: "name@company.com"))
        #expect(message.to.map(\.address) == ["name@company2.com"])
        #expect(message.messageID == "CAH_ZkVmUSM8t2JxgqcuLCQ8d+R_hkKpNHTubJOQK07y=36+d4Q@mail.gmail.com")
        #expect(message.root.contentType.value == "multipart/mixed")
        #expect(message.root.children.first?.contentType.value == "multipart/alternative")
        #expect(message.html == "<div dir=\"ltr\"><br></div>\n")
        #expect(
            message.attachments == [
                MailAttachment(name: "attach01", contentType: "application/octet-stream", data: Array("a\n".utf8))
            ])
        #expect(message.kind == .message)
        #expect(message.date == Date(timeIntervalSince1970: 1_371_397_812))
    }

    @Test func outlookExchangeAlternativeQuotedPrintableLatin1() throws {
        let message = try Fixture.message("outlook-alternative.eml")
        #expect(message.subject == "1")
        #expect(message.from?.name == "Finntack Newsletter")
        #expect(message.text == "1\n\n")
        #expect(
            message.html?.contains("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">")
                == true)
        #expect(message.attachments.isEmpty)
        #expect(message.kind == .message)
    }

    @Test func appleMailAlternativePrefersPlainOverEnriched() throws {
        let message = try Fixture.message("apple-mail-alternative.eml")
        #expect(message.subject == "worse when you use them.")
        #expect(message.root.children.map(\.contentType.value) == ["text/plain", "text/enriched"])
        #expect(message.text == "\nXXXXX Xxxxx\n")
        #expect(message.attachments.isEmpty)
        #expect(message.messageID == "416eaebec6d333ec6939eaf8a7d80724@xxxxx")
    }

    @Test func iso88591QuotedPrintableWithThreading() throws {
        let message = try Fixture.message("iso-8859-1-quoted-printable.eml")
        #expect(message.subject == "R: R: R: I: FR-selca LA selcaE")
        #expect(message.text.hasPrefix("Test headers"))
        let parent = "5185e377-81c5-4361-91ba-11d42f4c5cc9@AM5EUR02FT056.eop-EUR02.prod.protection.outlook.com"
        #expect(
            message.references == [
                "AM4PR01MB1444920F2AF5B6F4856FEA13F7290@AM4PR01MB1444.eurprd01.prod.exchangelabs.com", parent,
            ])
        #expect(message.inReplyTo == [parent])
        #expect(message.threadIDs.count == 2, "the parent is listed once")
    }

    @Test func shiftJISEightBitBody() throws {
        let message = try Fixture.message("shift-jis.eml")
        #expect(message.root.contentType["charset"] == "Shift_JIS")
        #expect(message.text.hasPrefix("あいうえお\n\nこのメールはテスト用のメールです。"))
    }

    @Test func base64UTF8BodyAndEncodedHeaders() throws {
        let message = try Fixture.message("utf8-base64.eml")
        #expect(message.subject == "まみむめも")
        #expect(message.to.first?.name == "みける")
        #expect(message.text.hasPrefix("かきくえこ\n\n-- \nhttp://lindsaar.net/"))
    }

    @Test func outOfOfficeIsAnAutoReply() throws {
        let message = try Fixture.message("out-of-office.eml")
        #expect(message.subject == "Away until May 5")
        #expect(message.kind == .autoReply(reason: "Auto-Submitted: auto-replied"))
    }

    @Test func exchangeAutomaticReplyInWindows1252() throws {
        let message = try Fixture.message("exchange-automatic-reply-windows-1252.eml")
        #expect(message.subject == "Automatic reply: Nyaan")
        #expect(
            message.text.contains(
                "I will be traveling for work on July 10-31.  During that time I will have intermittent"))
        guard case .autoReply = message.kind else {
            Issue.record("an Outlook automatic reply was classified as \(message.kind)")
            return
        }
    }

    @Test func postfixBounceNamesTheFailedRecipient() throws {
        let message = try Fixture.message("postfix-bounce.eml")
        #expect(message.kind == .bounce(failedRecipients: ["netec.test@netecgc.com"]))
        #expect(message.text.contains("could not\nbe delivered"))
        #expect(message.attachments.isEmpty)
    }

    @Test func postfixBounceWithSeveralFailedRecipients() throws {
        let message = try Fixture.message("postfix-bounce-several-recipients.eml")
        guard case .bounce(let failed) = message.kind else {
            Issue.record("a DSN was classified as \(message.kind)")
            return
        }
        #expect(failed.count == 5)
        #expect(failed.first == "bbbbvhvbbvkjbhfbvbvjhb@gmail.com")
    }

    @Test(arguments: Fixture.names) func everyFixtureParsesAndHasAFrom(name: String) throws {
        let message = try Fixture.message(name)
        #expect(message.from?.address.contains("@") == true, "\(name)")
    }
}
