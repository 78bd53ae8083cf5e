// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

/// `prettyText`, what `crm … --json` prints: the layout scripts have read since the first
/// release, from the typed value.
@Suite struct JSONValuePrettyTests {
    @Test func indentsTwoSpacesWithSortedKeysAndASpacedColon() {
        let value: JSONValue = [
            "name": "Zoë", "tags": ["a", "b"], "owner": .null, "num": 12, "done": false,
            "amount": ["amount": "12000.50", "currency": "EUR"],
        ]
        #expect(
            value.prettyText == """
                {
                  "amount" : {
                    "amount" : "12000.50",
                    "currency" : "EUR"
                  },
                  "done" : false,
                  "name" : "Zoë",
                  "num" : 12,
                  "owner" : null,
                  "tags" : [
                    "a",
                    "b"
                  ]
                }
                """)
    }

    @Test func emptyContainersAndScalarsStandAlone() {
        #expect(JSONValue.array([]).prettyText == "[]")
        #expect(JSONValue.object([:]).prettyText == "{}")
        #expect((["tags": []] as JSONValue).prettyText == "{\n  \"tags\" : []\n}")
        #expect(JSONValue.string("x").prettyText == "\"x\"")
        #expect(JSONValue.null.prettyText == "null")
    }

    /// Keys in UTF-8 byte order, as `jsonText` sorts them: `_` after capitals, before small letters.
    @Test func keysSortByTheirBytes() {
        let value: JSONValue = ["b": 1, "a_b": 2, "aB": 3, "a": 4, "é": 5]
        let keys = value.prettyText.split(separator: "\n").dropFirst().dropLast().map {
            $0.split(separator: "\"")[1]
        }
        #expect(keys == ["a", "aB", "a_b", "b", "é"])
    }

    /// Escaped by the change log's one escaper: control characters as JSON escapes, everything
    /// else (slashes, non-ASCII, bidi controls, U+2028, DEL) as is.
    @Test func stringsAreEscapedByTheOneEscaper() {
        let hostile = "Eve\u{1B}[2J\u{07}\u{9B}\u{7F}\r\u{8}\u{C}\u{1F}\u{0}\t\"q\" \\ a/b \u{202E}\u{FEFF}\u{2028}😀"
        let text = JSONValue.array([.string(hostile)]).prettyText
        #expect(text == "[\n  \(JSONText.quote(hostile))\n]")
        #expect(
            JSONText.quote(hostile)
                == "\"Eve\\u001b[2J\\u0007\u{9B}\u{7F}\\r\\b\\f\\u001f\\u0000\\t\\\"q\\\" \\\\ a/b \u{202E}\u{FEFF}\u{2028}😀\""
        )
        #expect(!text.utf8.contains(0x1B) && !text.utf8.contains(0))
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        #expect(parsed == [hostile])
    }

    /// Whole doubles print as integers (`"rate" : 1`), others in their shortest exact form.
    @Test func doublesPrintAsScriptsReadThem() {
        let cases: [(Double, String)] = [
            (1, "1"), (0, "0"), (-0.0, "0"), (44, "44"), (0.4413, "0.4413"), (47.29, "47.29"), (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"), (0.00001, "1e-05"), (1e20, "1e+20"), (.nan, "null"),
            (.infinity, "null"),
        ]
        for (number, text) in cases {
            #expect(JSONValue.double(number).prettyText == text, "\(number)")
        }
        #expect(JSONValue.int(Int64.min).prettyText == "-9223372036854775808")
    }

    @Test func swiftValuesConvertWithoutAny() throws {
        let id = RecordID.make()
        let missing: String? = nil
        let value: JSONValue = [
            "id": id.jsonValue, "missing": missing.jsonValue, "count": 3.jsonValue, "tags": ["x"].jsonValue,
            "field": FieldValue.money(Money(minorUnits: 150, currency: try Currency("EUR"))).jsonValue,
        ]
        #expect(
            value
                == .object([
                    "id": .string(id.rawValue), "missing": .null, "count": .int(3), "tags": .array([.string("x")]),
                    "field": .object(["amount": .string("1.50"), "currency": .string("EUR")]),
                ]))
    }
}
