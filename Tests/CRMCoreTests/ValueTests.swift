// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMCore

@Suite struct ValueTests {
    @Test func moneyParsesDecimalStringsIntoMinorUnits() throws {
        #expect(try Money(parsing: "12000.50", currency: "EUR").minorUnits == 1_200_050)
        #expect(try Money(parsing: "7", currency: "usd").minorUnits == 700)
        #expect(try Money(parsing: "0.5", currency: "USD").decimalString == "0.50")
        #expect(try Money(parsing: "300", currency: "JPY").decimalString == "300")
        #expect(try Money(parsing: "1.234", currency: "KWD").minorUnits == 1234)
        #expect(try Money(parsing: "1234567.5", currency: "EUR").formatted == "1,234,567.50 EUR")
    }

    @Test(arguments: ["-5", "12,3x", "1.2.3", "abc", ".", "1.", "1e5", " ", "1.005"])
    func moneyRefusesMalformedAmounts(text: String) {
        #expect(throws: DomainError.self) { try Money(parsing: text, currency: "USD") }
    }

    @Test func unknownCurrencyNamesTheField() {
        #expect(throws: DomainError.unknownCurrency(field: "currency", code: "XYZ")) {
            try Money(parsing: "5", currency: "XYZ")
        }
        #expect(throws: DomainError.self) { try Money(parsing: "1.5", currency: "JPY") }
    }

    @Test func emails() throws {
        #expect(try EmailAddress("Zoe@Example.COM").value == "Zoe@example.com")
        for bad in [
            "not-an-email", "a@", "@b.co", "a@b", "a b@c.de", "a@b..de", "a@@b.de", ".martin.355@example.com",
            "martin.@example.com", "mar..tin@example.com",
        ] {
            #expect(throws: DomainError.self, "\(bad)") { try EmailAddress(bad) }
        }
    }

    /// The byte-level path must agree with the character-level one on every input it takes,
    /// valid or not, including the edges of each rule.
    @Test func plainEmailCheckAgreesWithTheGeneralOne() throws {
        let local64 = String(repeating: "a", count: 64)
        let samples = [
            "Zoe@Example.COM", "a@b.co", "a@b.c", "a@b", "@b.co", "a@", "a@@b.de", "a@b@c.de", "a@b..de",
            "a@-b.de", "a@b-.de", "a@b.de-", "a,b@c.de", "a;b@c.de", "<a@b.de>", "a@b.de>", "\(local64)@x.io",
            ".a@b.de", "a..b@c.de",
            "\(local64)a@x.io", "first.last+tag@Sub.Domain.ORG", "a@.de", "a@de.", "a.@b.de", "a@b.d", "a@B.DE",
            "x@y.z9", "not-an-email", "a@b.c-d.ef", "chloé.garcía.0@Example.com", "ä@b.de", "Ørjan@x.no",
            String(repeating: "é", count: 64) + "@x.io", String(repeating: "é", count: 65) + "@x.io", "é@b", "é,a@b.de",
            "ǅ@b.de", "ɏ@b.de",
        ]
        for sample in samples {
            let fast = EmailAddress.checkedPlain(sample)
            #expect(fast != nil, "\(sample) takes the byte-level path")
            #expect(fast.flatMap { $0 } == EmailAddress.checked(sample), "\(sample)")
        }
        let others = [
            " a@b.de", "a@b.de ", "a@bü.de", "a b@c.de", "", "\ta@b.de", "a\u{A0}b@c.de", "e\u{301}@b.de",
            "a×b@c.de", "ɐ@b.de", "a\u{7f}@b.de", "日本@b.jp",
        ]
        for other in others {
            #expect(EmailAddress.checkedPlain(other) == nil, "\(other) takes the general path")
        }
        #expect(try EmailAddress(" Ana@Example.org ").value == "Ana@example.org")
    }

    /// The byte-level phone check must agree with the character-level one wherever it is used.
    @Test func plainPhoneCheckAgreesWithTheGeneralOne() {
        let samples = [
            "+49 30 1234567", "(555) 010-0199 ext. 12", "555 010 0199 x12", "555-0101 EXT 7", "555.0101ext.9",
            "+1 555 1000000", " +1 555 1000000 ", "12", "1234", "12345", "12345678901234567", "123456789012345678",
            "call me", "+1 555 +2", "555-CALL-NOW", "", "   ", "+", "0049 (0)30 123/456-7", "555 0101 xx",
            "555 0101 x", "x5550101", "555#0101", "+1 (555) 010-0199 Ext. 123",
        ]
        for sample in samples {
            let fast = PhoneNumber.checkedPlain(sample)
            #expect(fast != nil, "\(sample) takes the byte-level path")
            #expect(fast.flatMap { $0 } == PhoneNumber.checked(sample), "\(sample)")
        }
        for other in ["\t555 0101", "５５５ ０１０１ ２", "555\u{A0}0101"] {
            #expect(PhoneNumber.checkedPlain(other) == nil, "\(other) takes the general path")
        }
    }

    @Test func phones() throws {
        #expect(try PhoneNumber("+49 30 1234567").digits == "+49301234567")
        #expect(try PhoneNumber("(555) 010-0199 ext. 12").value == "(555) 010-0199 ext. 12")
        for bad in ["call me", "12", "+1 555 +2", "555-CALL-NOW"] {
            #expect(throws: DomainError.self, "\(bad)") { try PhoneNumber(bad) }
        }
    }

    @Test func tagsAreNormalised() throws {
        #expect(try Tag.normalize(["VIP ", "vip", "Partner"]) == ["partner", "vip"])
        #expect(throws: DomainError.self) { try Tag("  ") }
    }

    @Test func foldingForKeys() {
        #expect(TextKey.fold("  Zoë   Ångström ") == "zoe angstrom")
        #expect(TextKey.fold("ÉMILE") == "emile")
    }

    @Test func fieldParsingValidatesPerType() throws {
        let deal = EntityKind.deal
        #expect(try deal.field("close_date")?.parse("2026-12-31") == .text("2026-12-31"))
        #expect(throws: DomainError.invalidDate(field: "close_date", value: "2026-02-30")) {
            try deal.field("close_date")?.parse("2026-02-30")
        }
        #expect(throws: DomainError.self) { try deal.field("probability")?.parse("140") }
        #expect(throws: DomainError.empty(field: "title")) { try deal.field("title")?.parse("  ") }
        #expect(try EntityKind.supportCase.field("priority")?.parse("URGENT") == .text("urgent"))
        #expect(throws: DomainError.self) { try EntityKind.supportCase.field("priority")?.parse("meh") }
    }

    @Test func fieldValuesRoundTripThroughJSON() throws {
        let money = FieldValue.money(try Money(parsing: "1.50", currency: "EUR"))
        #expect(money.jsonText == #"{"amount":"1.50","currency":"EUR"}"#)
        #expect(try FieldValue(json: money.jsonText, type: .money, field: "amount") == money)
        let text = FieldValue.text("quote \" and \n newline")
        #expect(try FieldValue(json: text.jsonText, type: .text, field: "notes") == text)
        #expect(try FieldValue(json: "[\"a\",\"b\"]", type: .tags, field: "tags") == .tags(["a", "b"]))
        #expect(try FieldValue(json: "null", type: .text, field: "x") == .null)
        // 0 and 1 are integers, not booleans, for an integer field.
        #expect(try FieldValue(json: "1", type: .integer, field: "position") == .integer(1))
        #expect(try FieldValue(json: "0", type: .integer, field: "position") == .integer(0))
        #expect(throws: DomainError.self) { try FieldValue(json: "true", type: .integer, field: "position") }
        #expect(throws: DomainError.self) { try FieldValue(json: "1.5", type: .integer, field: "position") }
        #expect(try FieldValue(json: "170000000000", type: .timestamp, field: "due_at") == .integer(170_000_000_000))
    }
}
