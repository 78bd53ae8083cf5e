// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTestSupport
import Foundation
import Testing

@testable import CRMSync

/// The push body read in place (`PushBodyParser`): whatever it reads is exactly what
/// `JSONDecoder` decodes from the same bytes, for objects and rows; whatever it does not take
/// (nil) is left to the decoder, which then gives the error.
@Suite struct PushBodyParserTests {
    static let device = PushRowFormatTests.device

    /// The decoder's reading of `bytes`, or nil when it refuses them.
    static func decoded(_ bytes: [UInt8]) -> PushRequest? {
        try? WireCoding.decoder().decode(PushRequest.self, from: Data(bytes))
    }

    /// The bodies a device sends, as objects and as rows: every value shape, epochs and none.
    static func bodies() throws -> [[UInt8]] {
        var bodies: [[UInt8]] = []
        for changes in [PushRowFormatTests.batch(), Array(PushRowFormatTests.batch().prefix(1)), []] {
            for epoch in ["epoch \"1\"", nil] {
                let request = PushRequest(schemaVersion: 1, epoch: epoch, deviceID: device, changes: changes)
                bodies.append(Array(try WireCoding.encoder().encode(request)))
                bodies.append(Array(PushRowFormat.body(request).utf8))
            }
        }
        return bodies
    }

    @Test func readsWhatTheDecoderDecodes() throws {
        for body in try Self.bodies() {
            let parsed = PushBodyParser.parse(body)
            #expect(parsed != nil, "\(String(decoding: body, as: UTF8.self))")
            #expect(parsed == Self.decoded(body))
        }
    }

    @Test func readsWhatAServerWasSentBefore() {
        // scripts/wrk/push.lua's body: keys unsorted, `base_hlc` null, no epoch.
        let body = #"""
            {"protocol":1,"schema_version":1,"device_id":"9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10","changes":[
             {"change_id":"00000001-0000-4000-8000-000000000001","device_seq":1,"tx_id":1,
              "hlc":"2026-12-05T02:00:00.000Z-0001-9f2c4e1a7b3d4e60","base_hlc":null,"entity":"contact",
              "entity_id":"00000001-0000-4000-8000-000000000001","op":"set","field":"name","value":"Ada 1"}]}
            """#
        let parsed = PushBodyParser.parse(Array(body.utf8))
        #expect(parsed?.changes.first?.value == .string("Ada 1"))
        #expect(parsed == Self.decoded(Array(body.utf8)))
        // Rows before the device id: read once the device id is known.
        let rows =
            #"{"rows":[["00000001000040008000000000000001",1,1,"2026-12-05T02:00:00.000Z-0001",null,"#
            + #""contact","00000001000040008000000000000001","set","name",7]],"protocol":1,"schema_version":1,"#
            + #""device_id":"9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10"}"#
        let parsedRows = PushBodyParser.parse(Array(rows.utf8))
        #expect(parsedRows?.changes.first?.hlc == "2026-12-05T02:00:00.000Z-0001-9f2c4e1a7b3d4e60")
        #expect(parsedRows == Self.decoded(Array(rows.utf8)))
    }

    /// Tokens the decoder may read otherwise than a plain reading would, in a value, a member
    /// and a key: the parser reads them as the decoder does, or leaves them (nil).
    @Test(arguments: [
        "1.0", "-0", "1e2", "12E-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "01", "-", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u00e9\\/\\b\\f\\n\\r\\t\"", "\"\\x\"",
        "\"\u{1}\"", "\"\\u0000\"", "[]", "{}", "{\"a\":1,\"a\":2}", "[1,]", "tru", "nul", "true ", " null",
        "{\"b\":[{\"c\":null}]}", String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ])
    func unusualTokensReadAsTheDecoderReadsThem(token: String) throws {
        let body =
            #"{"changes":[{"change_id":"c","device_seq":1,"tx_id":1,"hlc":"h","entity":"contact","#
            + #""entity_id":"e","op":"set","field":"f","value":VALUE}],"device_id":"d","protocol":1,"#
            + #""schema_version":1}"#
        let variants = [
            body.replacingOccurrences(of: "VALUE", with: token),
            body.replacingOccurrences(of: #""device_seq":1"#, with: #""device_seq":\#(token)"#)
                .replacingOccurrences(of: "VALUE", with: "1"),
            body.replacingOccurrences(of: #""tx_id""#, with: #""tx_id":\#(token),"tx_id""#)
                .replacingOccurrences(of: "VALUE", with: "1"),
            body.replacingOccurrences(of: #""protocol":1"#, with: #""protocol":1,"extra":\#(token)"#)
                .replacingOccurrences(of: "VALUE", with: "1"),
        ]
        for variant in variants {
            let bytes = Array(variant.utf8)
            guard let parsed = PushBodyParser.parse(bytes) else { continue }
            #expect(parsed == Self.decoded(bytes), "\(variant)")
        }
    }

    @Test func leavesMalformedAndUnusualBodiesToTheDecoder() throws {
        let request = PushRequest(
            schemaVersion: 1, epoch: nil, deviceID: Self.device, changes: PushRowFormatTests.batch())
        let rows = PushRowFormat.body(request)
        // Malformed: the decoder refuses them, and its error is the one the device gets.
        for body in [
            "", "{", "{}", "[]", "{\"protocol\":1}", rows + "x",
            rows.replacingOccurrences(of: #""rows":"#, with: #""changes":[],"rows":"#),
            rows.replacingOccurrences(of: #","set","#, with: #","move","#),
            rows.replacingOccurrences(of: #"]],"#, with: #",1]],"#),
        ] {
            #expect(PushBodyParser.parse(Array(body.utf8)) == nil, "\(body)")
            #expect(Self.decoded(Array(body.utf8)) == nil, "\(body)")
        }
        // Unusual, and read by the decoder: a byte-order mark, a key twice. Left to it, so they
        // are read as before.
        for body in [
            "\u{FEFF}" + rows, rows.replacingOccurrences(of: #""protocol":1"#, with: #""protocol":1,"protocol":1"#),
        ] {
            #expect(PushBodyParser.parse(Array(body.utf8)) == nil, "\(body)")
            #expect(Self.decoded(Array(body.utf8)) != nil, "\(body)")
        }
    }

    /// Mutated bodies (objects and rows): a body the parser reads is one the decoder decodes to
    /// the same request; and the parser reads every body that survived its mutations unchanged.
    @Test func mutatedBodiesReadAsTheDecoderReadsThemOrNotAtAll() throws {
        let bodies = try Self.bodies()
        var random = FuzzInput(18)
        var read = 0
        for iteration in 0..<(4 * FuzzInput.iterations) {
            let bytes = random.mutate(bodies[iteration % bodies.count])
            guard let parsed = PushBodyParser.parse(bytes) else { continue }
            read += 1
            let label = FuzzInput.label("push body", iteration)
            #expect(parsed == Self.decoded(bytes), "\(label): \(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(read > 0, "some mutations leave a body that still parses")
    }
}
