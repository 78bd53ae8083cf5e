// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

@Suite struct ChangeValidatorTests {
    func change(_ entity: String, _ field: String?, _ value: JSONValue, op: WireOp = .set) -> WireChange {
        var change = WireChangeTests.change(op: op, field: field, value: value)
        change.entity = entity
        return change
    }

    func code(_ change: WireChange) -> String? {
        do {
            try ChangeValidator.validate(change)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func acceptsWellTypedValues() {
        #expect(code(change("contact", "phone", .string("+1"))) == nil)
        #expect(code(change("contact", "email", .null)) == nil)
        #expect(
            code(change("deal", "amount", .object(["amount": .string("12.50"), "currency": .string("USD")]))) == nil)
        #expect(code(change("deal", "close_date", .string("2026-12-31"))) == nil)
        #expect(code(change("deal", "probability", .int(40))) == nil)
        #expect(code(change("case", "priority", .string("urgent"))) == nil)
        #expect(code(change("contact", "tags", .array([.string("vip")]))) == nil)
        #expect(code(change("activity", "done", .bool(true))) == nil)
        #expect(code(change("contact", "company_id", .string("019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d12"))) == nil)
        #expect(code(change("contact", nil, .null, op: .create)) == nil)
    }

    @Test func textWithControlCharactersIsRefusedNamingTheField() throws {
        #expect(code(change("contact", "name", .string("Eve\u{1B}[2J"))) == "invalid_value")
        #expect(code(change("contact", "name", .string("nul\u{0}"))) == "invalid_value")
        #expect(code(change("contact", "title", .string("two\nlines"))) == "invalid_value")
        #expect(code(change("contact", "tags", .array([.string("\u{7}")]))) == "invalid_value")
        let create: JSONValue = .object(["name": .string("\u{1B}]52;c;aGk=\u{7}")])
        #expect(code(change("contact", nil, create, op: .create)) == "invalid_value")
        #expect(code(change("contact", "notes", .string("line\r\nnext\ttab"))) == nil)
        do {
            try ChangeValidator.validate(change("contact", "name", .string("Eve\u{1B}")))
            Issue.record("an ESC in a name was accepted")
        } catch {
            #expect(error.description.contains("name") && error.description.contains("U+001B"))
        }
    }

    @Test func aCreateCarriesItsInitialFieldsAsAnObject() {
        let fields: JSONValue = .object(["name": .string("Ana"), "email": .string("ana@example.com")])
        #expect(code(change("contact", nil, fields, op: .create)) == nil)
        #expect(code(change("contact", nil, .object(["shoe_size": .int(44)]), op: .create)) == "unknown_field")
        #expect(code(change("contact", nil, .object(["email": .int(1)]), op: .create)) == "invalid_value")
        #expect(code(change("contact", nil, .string("Ana"), op: .create)) == "invalid_change")
        #expect(code(change("contact", "name", .null, op: .create)) == "invalid_change")
    }

    @Test func refusesUnknownEntityAndField() {
        #expect(code(change("spaceship", "name", .string("x"))) == "unknown_entity")
        #expect(code(change("contact", "shoe_size", .int(44))) == "unknown_field")
    }

    @Test(arguments: [
        ("deal", "amount", JSONValue.string("12")),
        ("deal", "amount", JSONValue.object(["amount": .string("1,5"), "currency": .string("EUR")])),
        ("deal", "amount", JSONValue.object(["amount": .string("1.5"), "currency": .string("eur")])),
        ("deal", "amount", JSONValue.object(["amount": .string("-12.50"), "currency": .string("USD")])),
        ("deal", "amount", JSONValue.object(["amount": .string("1.505"), "currency": .string("EUR")])),
        ("deal", "probability", JSONValue.double(0.5)),
        ("deal", "close_date", JSONValue.string("2026-02-30")),
        ("deal", "close_date", JSONValue.string("31.12.2026")),
        ("case", "priority", JSONValue.string("whenever")),
        ("contact", "email", JSONValue.string("not-an-email")),
        ("contact", "name", JSONValue.null),
        ("contact", "tags", JSONValue.array([.int(1)])),
        ("contact", "company_id", JSONValue.string("acme")),
        ("activity", "done", JSONValue.string("yes")),
    ])
    func refusesBadValues(entity: String, field: String, value: JSONValue) {
        #expect(code(change(entity, field, value)) == "invalid_value")
    }

    @Test func refusesMalformedChanges() {
        var bad = change("contact", "phone", .string("1"))
        bad.hlc = "yesterday"
        #expect(code(bad) == "invalid_change")
        bad = change("contact", "phone", .string("1"))
        bad.txID = bad.deviceSeq + 1
        #expect(code(bad) == "invalid_change")
        #expect(code(change("contact", "phone", .string("1"), op: .delete)) == "invalid_change")
        #expect(code(change("contact", nil, .null, op: .conflict)) == "invalid_change")
        #expect(code(change("contact", nil, .null)) == "invalid_change")
    }

    @Test func rolesMatchTheSpec() {
        #expect(Role.rep.allows(.deal) && !Role.rep.allows(.supportCase))
        #expect(Role.agent.allows(.supportCase) && !Role.agent.allows(.deal))
        #expect(Role.manager.allows(.slaPolicy) && !Role.manager.allows(.user))
        #expect(Role.admin.entities == Set(EntityKind.allCases))
    }
}
