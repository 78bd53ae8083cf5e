// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

/// A field value read back from the change log is the value written (issue 21: one value type,
/// `JSONValue`, from the log to the wire).
@Suite struct FieldValueJSONTests {
    static let cases: [(FieldValue, FieldSpec.ValueType)] = [
        (.text("\u{FEFF}Ana \u{08}\u{0C}\"quoted\" \\ / é 😀"), .text),
        (.integer(Int64.min), .integer),
        (.integer(Int64.max), .timestamp),
        (.bool(true), .bool),
        (.tags(["vip", "\u{FEFF}bom"]), .tags),
        (.null, .text),
    ]

    @Test(arguments: 0..<cases.count) func aValueSurvivesItsJSONText(_ index: Int) throws {
        let (value, type) = Self.cases[index]
        #expect(try FieldValue(json: value.jsonText, type: type, field: "f") == value)
        #expect(try FieldValue(json: value.jsonValue, type: type, field: "f") == value)
        #expect(value.jsonValue.jsonText == value.jsonText, "one canonical text for the log and the wire")
    }

    @Test func moneySurvivesAndAWrongShapeNamesTheField() throws {
        let money = FieldValue.money(try Money(parsing: "1234.50", currency: "EUR"))
        #expect(try FieldValue(json: money.jsonText, type: .money, field: "amount") == money)
        #expect(throws: DomainError.self) { try FieldValue(json: "\"12\"", type: .integer, field: "probability") }
        #expect(throws: DomainError.self) { try FieldValue(json: "true", type: .integer, field: "probability") }
        #expect(throws: DomainError.self) { try FieldValue(json: "{", type: .text, field: "name") }
    }
}
