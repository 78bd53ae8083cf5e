// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTestSupport
import Foundation
import Testing

/// The JSON value parser over mutated change values: nil, or a value whose canonical text
/// (`jsonText`, what the server stores and splices into pulls) reads back as the same value.
@Suite struct JSONValueFuzzTests {
    static let seeds: [String] = [
        #"{"amount":"12000.50","currency":"EUR"}"#, #"["vip","b/c","ünïcödé"]"#, #""quote \" backslash \\ \n é""#,
        #"{"kind":"concurrent_write","seq":7,"winner":{"value":{"a":[1,2.5,-3e2,true,null]},"hlc":"x"}}"#,
        "-9223372036854775808", "12.5", "1e20", "true", "null", #""\ud83d\ude00 \u2028""#,
    ]

    @Test func parsedValuesRoundTripThroughTheirCanonicalText() {
        var random = FuzzInput(3)
        for iteration in 0..<FuzzInput.iterations {
            let bytes = random.mutate(Array(Self.seeds[iteration % Self.seeds.count].utf8))
            let text = String(decoding: bytes, as: UTF8.self)
            let label = FuzzInput.label("json value", iteration)
            guard let value = JSONValue(jsonText: text) else { continue }
            #expect(JSONValue(jsonText: value.jsonText) == value, "\(label): '\(text)' does not round-trip")
        }
    }
}
