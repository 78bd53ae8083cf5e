// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

/// `JSONValue.jsonText` is written by hand; the server stores it and splices it into pull answers
/// that clients decode, so it must be the very text `JSONEncoder` made before.
@Suite struct JSONValueTextTests {
    static func encoderText(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Characters that escape, sort or encode differently: controls, quotes, slashes, DEL, a
    /// combining accent, a BOM, U+2028, U+FFFF and an emoji (whose UTF-16 and UTF-8 orders differ).
    static let alphabet: [String] = [
        "a", "B", "Z", "_", "-", " ", "9", "10", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\t", "\n", "\u{b}",
        "\u{c}", "\r", "\u{1f}", "\u{7f}", "é", "e\u{301}", "\u{feff}", "\u{2028}", "\u{ffff}", "😀", "Ω",
    ]

    /// A generator that gives the same values on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static func string(_ random: inout Seeded) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in
            alphabet[Int.random(in: alphabet.indices, using: &random)]
        }.joined()
    }

    static func value(_ random: inout Seeded, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0...(depth < 3 ? 7 : 4), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int([0, -1, 42, Int64.max, Int64.min][Int.random(in: 0..<5, using: &random)])
        case 3, 4: return .string(string(&random))
        case 5: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            var fields: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                fields[string(&random)] = value(&random, depth: depth + 1)
            }
            return .object(fields)
        }
    }

    @Test func theTextIsTheEncodersForThousandsOfValues() throws {
        var random = Seeded(state: 20_261_125)
        for _ in 0..<3000 {
            let value = Self.value(&random)
            let text = value.jsonText
            #expect(text == (try Self.encoderText(value)))
            #expect(JSONValue(jsonText: text) == value)
        }
    }

    @Test func fieldShapesAndDoublesMatchTheEncoder() throws {
        let values: [JSONValue] = [
            .object(["currency": .string("EUR"), "amount": .string("12000.50")]),
            .array([.string("vip"), .string("key account")]), .string("Zoë / Ångström \"Q1\""), .int(-7), .null,
            .double(1.5), .double(100), .double(1e20), .object(["a": .array([.double(0.1), .int(1)])]),
        ]
        for value in values { #expect(value.jsonText == (try Self.encoderText(value))) }
        #expect(JSONValue.object(["b": .int(1), "a": .int(2)]).jsonText == #"{"a":2,"b":1}"#)
        #expect(JSONValue.string("\u{1}\u{8}").jsonText == #""\u0001\b""#)
    }
}
