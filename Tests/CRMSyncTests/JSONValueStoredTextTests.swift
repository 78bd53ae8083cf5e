// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMSync

/// `JSONValue(storedText:)` reads every text as `JSONValue(jsonText:)` (the decoder) does.
@Suite struct JSONValueStoredTextTests {
    @Test(arguments: [
        "null", "true", "false", "0", "-7", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "1.5", "1e3", "-0", "100.0", "\"\"", "\"plain\"", "\"a \\\"quoted\\\" word\"",
        "\"caf\\u00e9 \\ud83d\\ude00 / \\/ \\n\\t\"", "\"\\ud800\"", "\"é ünïcode 😀\"", "[]", "{}",
        "[1,\"two\",null,[true]]", "{\"b\":1,\"a\":{\"c\":[1.25]}}", " {\"a\" : [ 1 , 2 ] } ",
        "{\"a\":1,\"a\":2}", "", "nul", "[1,]", "{\"a\":}", "\"unterminated", "01", "1 2", "\"tab\there\"",
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ])
    func readsAsTheDecoderReads(text: String) {
        #expect(JSONValue(storedText: text) == JSONValue(jsonText: text), "\(text)")
    }

    /// The common stored values take the fast path and come back as the canonical text wrote them.
    @Test func storedValuesRoundTrip() {
        let values: [JSONValue] = [
            .string("Ada Lovelace"), .int(42), .null, .bool(true),
            .object(["amount": .int(1200), "currency": .string("EUR"), "tags": .array([.string("a\"b")])]),
        ]
        for value in values { #expect(JSONValue(storedText: value.jsonText) == value) }
    }
}
