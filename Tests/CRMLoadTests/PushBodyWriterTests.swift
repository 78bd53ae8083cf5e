// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import NIOCore
import Testing

@testable import crm_load

/// crm-load writes push bodies by hand (`PushBodyWriter`): byte for byte what the wire encoder
/// makes of the same request, so the server reads exactly what it read before.
@Suite struct PushBodyWriterTests {
    static func encoded(_ request: PushRequest) throws -> [UInt8] {
        Array(try WireCoding.encoder().encode(request))
    }

    @Test func generatedPushesAreTheEncodersBytes() throws {
        var generator = SystemRandomNumberGenerator()
        var editor = EditGenerator(deviceID: UUID().uuidString.lowercased(), label: "load \"7\" \\ / ü")
        var contacts: [String] = []
        for round in 0..<50 {
            let made = editor.next(1 + round % 5, using: &generator) { contacts.randomElement() }
            contacts += made.created
            let request = PushRequest(
                schemaVersion: 1, epoch: round.isMultiple(of: 3) ? nil : "epoch-\(round)", deviceID: "dev/\(round)",
                changes: made.changes)
            let written = try PushBodyWriter.write(request)
            #expect(Array(written.readableBytesView) == (try Self.encoded(request)))
        }
    }

    @Test func serverFieldsAndAwkwardValuesAreTheEncodersBytesToo() throws {
        let values: [JSONValue] = [
            .null, .bool(false), .int(-42), .string("tab\tquote\"slash/nul\u{0}"), .array([.string("a"), .int(1)]),
            .object(["b": .int(2), "a": .object(["z": .null, "é": .string("x")])]), .double(2.5),
        ]
        let changes = values.enumerated().map { index, value in
            WireChange(
                changeID: "c\(index)", deviceSeq: Int64(index + 1), txID: 1, hlc: "h\(index)",
                baseHLC: index.isMultiple(of: 2) ? nil : "b\(index)", entity: "contact", entityID: "e\(index)",
                op: index == 0 ? .create : .set, field: index == 0 ? nil : "notes", value: value,
                seq: index.isMultiple(of: 3) ? Int64(index) : nil, userID: index.isMultiple(of: 2) ? "u" : nil,
                deviceID: index == 1 ? "d" : nil)
        }
        let request = PushRequest(schemaVersion: 2, epoch: "e", deviceID: "d", changes: changes)
        #expect(Array(try PushBodyWriter.write(request).readableBytesView) == (try Self.encoded(request)))
        let withTenant = PushRequest(schemaVersion: 1, epoch: nil, deviceID: "d", changes: [], tenant: .string("t"))
        #expect(Array(try PushBodyWriter.write(withTenant).readableBytesView) == (try Self.encoded(withTenant)))
    }
}
