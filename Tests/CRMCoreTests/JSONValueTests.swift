// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@Suite struct JSONValueTests {
    @Test func decodesEveryCaseAndKeepsIntegersApartFromDoubles() throws {
        let text = #"{"a":null,"b":true,"c":12,"d":1.5,"e":"x","f":[1,"y"],"g":{"amount":"1.00","currency":"EUR"}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        guard case .object(let object) = value else {
            Issue.record("expected an object, got \(value)")
            return
        }
        #expect(object["a"] == .null)
        #expect(object["b"] == .bool(true))
        #expect(object["c"] == .int(12))
        #expect(object["d"] == .double(1.5))
        #expect(object["e"] == .string("x"))
        #expect(object["f"] == .array([.int(1), .string("y")]))
        #expect(object["g"] == .object(["amount": .string("1.00"), "currency": .string("EUR")]))
    }

    @Test func canonicalTextSortsKeysAndRoundTrips() {
        let value: JSONValue = .object(["z": .int(1), "a": .array([.bool(false), .null])])
        #expect(value.jsonText == #"{"a":[false,null],"z":1}"#)
        #expect(JSONValue(jsonText: value.jsonText) == value)
        #expect(JSONValue(jsonText: "{nope") == nil)
    }
}
