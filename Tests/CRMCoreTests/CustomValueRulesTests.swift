// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

/// The one validator of custom-field values (issue 19), run by devices and the server alike.
@Suite struct CustomValueRulesTests {
    static func field(_ name: String, _ type: CustomFieldType, choices: [String] = [], required: Bool = false)
        -> FieldDefinition
    {
        FieldDefinition(
            id: RecordID.make(), entity: .contact, name: name, type: type, target: type == .link ? .company : nil,
            choices: choices, required: required)
    }

    @Test func keysComeFromNamesAndNeverCollideWithBuiltInFields() {
        #expect(FieldDefinition.key(for: "Renewal date") == "renewal_date")
        #expect(FieldDefinition.key(for: "  Région__c ") == "région_c")
        #expect(Self.field("Renewal date", .date).wireField == "custom.renewal_date")
        #expect(FieldDefinition.key(ofWireField: "custom.region") == "region")
        #expect(FieldDefinition.key(ofWireField: "email") == nil)
        #expect(EntityKind.contact.fields.allSatisfy { FieldDefinition.key(ofWireField: $0.name) == nil })
    }

    @Test func typedTextBecomesTheWireValueOfEachType() throws {
        func parse(_ text: String, _ definition: FieldDefinition) throws -> JSONValue {
            try CustomValueRules.parse(text, for: definition, currency: "EUR")
        }
        #expect(try parse(" Met at the fair ", Self.field("Note", .text)) == .string("Met at the fair"))
        #expect(try parse("1,200", Self.field("Seats", .number)) == .int(1200))
        #expect(try parse("4.5", Self.field("Score", .number)) == .double(4.5))
        #expect(
            try parse("1200.5", Self.field("Budget", .money))
                == .object(["amount": .string("1200.50"), "currency": .string("EUR")]))
        #expect(try parse("USD 30", Self.field("Fee", .money)).jsonText == #"{"amount":"30.00","currency":"USD"}"#)
        #expect(try parse("2027-03-01", Self.field("Renewal", .date)) == .string("2027-03-01"))
        #expect(try parse("2027-01-15T09:30:00Z", Self.field("Call", .datetime)) == .int(1_800_005_400_000))
        #expect(try parse("Yes", Self.field("VIP", .bool)) == .bool(true))
        let region = Self.field("Region", .oneOf, choices: ["North", "South"])
        #expect(try parse("south", region) == .string("South"))
        let channels = Self.field("Channels", .manyOf, choices: ["Email", "Chat"])
        #expect(try parse("chat; email, chat", channels) == .array([.string("Chat"), .string("Email")]))
        let id = RecordID.make().rawValue
        #expect(try parse(id, Self.field("Account", .link)) == .string(id))
        #expect(try parse("", Self.field("Note", .text)) == .null)
    }

    @Test func aValueThatDoesNotFitIsRefusedNamingTheField() {
        let cases: [(String, FieldDefinition)] = [
            ("lots", Self.field("Score", .number)), ("2027-02-30", Self.field("Renewal", .date)),
            ("maybe", Self.field("VIP", .bool)), ("Middle", Self.field("Region", .oneOf, choices: ["North"])),
            ("Fax", Self.field("Channels", .manyOf, choices: ["Email"])), ("Acme", Self.field("Account", .link)),
            ("", Self.field("Tier", .text, required: true)), ("12.345", Self.field("Budget", .money)),
        ]
        for (text, definition) in cases {
            #expect(throws: DomainError.self) { try CustomValueRules.parse(text, for: definition) }
            do {
                _ = try CustomValueRules.parse(text, for: definition)
            } catch {
                #expect(error.field == definition.name, "\(error)")
            }
        }
    }

    @Test func wireValuesOfTheWrongShapeAreProblems() {
        #expect(CustomValueRules.problem(with: .string("4"), for: Self.field("Score", .number)) != nil)
        #expect(CustomValueRules.problem(with: .int(4), for: Self.field("Score", .number)) == nil)
        #expect(CustomValueRules.problem(with: .string("x"), for: Self.field("VIP", .bool)) != nil)
        #expect(CustomValueRules.problem(with: .string("2027-13-01"), for: Self.field("Renewal", .date)) != nil)
        let region = Self.field("Region", .oneOf, choices: ["North"])
        #expect(
            CustomValueRules.problem(with: .string("north"), for: region) != nil, "the wire holds the choice as defined"
        )
        #expect(CustomValueRules.problem(with: .string("a\u{1B}[2J"), for: Self.field("Note", .text)) != nil)
        #expect(CustomValueRules.problem(with: .null, for: Self.field("Tier", .text, required: true)) != nil)
        #expect(CustomValueRules.problem(with: .null, for: Self.field("Tier", .text)) == nil)
    }

    @Test func aDefinitionRoundTripsThroughItsRecordFields() throws {
        let definition = Self.field("Region", .oneOf, choices: ["North", "South"], required: true)
        var json: [String: JSONValue] = [:]
        for (name, value) in definition.fieldValues { json[name] = value.jsonValue }
        #expect(FieldDefinition(id: definition.id, values: json) == definition)
        for spec in EntityKind.field.fields where definition.fieldValues[spec.name] != nil {
            try spec.validate(definition.fieldValues[spec.name] ?? .null)
        }
    }
}
