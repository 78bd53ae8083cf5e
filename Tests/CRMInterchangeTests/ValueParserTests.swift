// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Testing

@Suite struct ValueParserTests {
    @Test(arguments: [
        ("1124741.15", "USD", 112_474_115, "USD"), ("$1,234.56", "EUR", 123_456, "USD"),
        ("1.234,56 €", "USD", 123_456, "EUR"),
        ("EUR 1 234,56", "USD", 123_456, "EUR"), ("1'234.50", "CHF", 123_450, "CHF"),
        ("12", "USD", 1200, "USD"), ("1,5", "EUR", 150, "EUR"), ("1,234", "USD", 123_400, "USD"),
        ("¥5,000", "USD", 5000, "JPY"),
        ("+7.5", "GBP", 750, "GBP"), ("1,234,567.89", "USD", 123_456_789, "USD"),
    ])
    func amounts(text: String, fallback: String, minor: Int64, currency: String) throws {
        #expect(try MoneyParser.parse(text, currency: fallback).get() == money(minor, currency))
    }

    @Test(arguments: ["abc", "12.345.6,7,8x", "1.2345", "", "ten dollars", "-5", "(1,200.00)", "XYZ 12"])
    func notAmounts(text: String) {
        #expect(throws: ValueError.self) { try MoneyParser.parse(text, currency: "USD").get() }
    }

    @Test func kuwaitiDinarHasThreeDecimals() throws {
        #expect(try MoneyParser.parse("KWD 1.234", currency: "USD").get() == money(1234, "KWD"))
    }

    @Test(arguments: [
        ("2024-11-10", "2024-11-10"), ("2024-01-23T02:21:49.000+0000", "2024-01-23"), ("11/10/2024", "2024-11-10"),
        ("25/12/2024", "2024-12-25"), ("12/25/2024", "2024-12-25"), ("10.11.2024", "2024-11-10"),
        ("Nov 10, 2024", "2024-11-10"),
        ("10 November 2024", "2024-11-10"), ("3/4/24", "2024-03-04"), ("2024/11/10", "2024-11-10"),
    ])
    func dates(text: String, iso: String) throws {
        let value: FieldValue
        if text.contains("T") {
            value = try DateParser().timestamp(text).get()
            #expect(value == .integer(1_705_976_509_000))
        } else {
            value = try DateParser().date(text).get()
            #expect(value == .text(iso))
        }
    }

    @Test func dayFirstOrderDecidesAmbiguousSlashDates() throws {
        #expect(try DateParser(order: .dayFirst).date("03/04/2024").get() == .text("2024-04-03"))
        #expect(try DateParser(order: .monthFirst).date("03/04/2024").get() == .text("2024-03-04"))
    }

    @Test(arguments: ["2024-02-30", "13/13/2024", "yesterday", "2024-11"])
    func notDates(text: String) {
        #expect(throws: ValueError.self) { try DateParser().date(text).get() }
    }

    @Test func timestampsApplyTheirOffset() throws {
        #expect(try DateParser().timestamp("2024-01-23T03:21:49+0100").get() == .integer(1_705_976_509_000))
        #expect(try DateParser().timestamp("2024-01-23 02:21:49").get() == .integer(1_705_976_509_000))
        #expect(try DateParser().timestamp("2024-01-23").get() == .integer(1_705_968_000_000))
    }

    @Test func emailsAndPhones() throws {
        #expect(try ContactValues.email("  Jane.Doe@Example.COM ").get() == "jane.doe@example.com")
        #expect(throws: ValueError.self) { try ContactValues.email("jane at example").get() }
        #expect(throws: ValueError.self) { try ContactValues.email("a@b").get() }
        #expect(try ContactValues.phone(" +49  30 1234-567 ").get() == "+49 30 1234-567")
        #expect(try ContactValues.phone("\t+49\u{A0}\u{A0}30 1234-567\n").get() == "+49 30 1234-567")
        #expect(ContactValues.phoneDigits("+49 (30) 1234-567") == "49301234567")
        #expect(ContactValues.domain("https://www.Example.com/about") == "example.com")
    }

    @Test func foldingIgnoresCaseAccentsAndSpacing() {
        #expect(MatchKey.fold("  José   GARCÍA ") == "jose garcia")
        #expect(MatchKey.fold("Søren Łukasz") == "soren lukasz")
        #expect(MatchKey.compact("Person - First name*") == "personfirstname")
        #expect(MatchKey.compact("Mailing Zip/Postal Code") == "mailingzippostalcode")
    }

    @Test func stagesMapByNameAndSynonym() {
        let mapper = StageMapper()
        #expect(mapper.stage(named: "closed won") == "Won")
        #expect(mapper.stage(named: "Proposal/Quote") == "Proposal")
        #expect(mapper.stage(named: "qualifiedtobuy") == "Qualified")
        #expect(mapper.stage(named: "NEGOTIATION") == "Negotiation")
        #expect(mapper.stage(named: "Dreaming") == nil)
        #expect(StageMapper(stages: ["Intake", "Won"]).stage(named: "intake") == "Intake")
        #expect(StageMapper(stages: ["Intake"]).stage(named: "Closed Won") == nil)
        #expect(mapper.stage(forStatus: "lost") == "Lost")
        #expect(mapper.stage(forStatus: "open") == nil)
    }
}
