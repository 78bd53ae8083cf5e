// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Testing

@Suite struct WireChangeTests {
    static let device = "9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10"

    static func change(op: WireOp = .set, field: String? = "phone", value: JSONValue = .string("+49 30 1"))
        -> WireChange
    {
        WireChange(
            changeID: "019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d10", deviceSeq: 4812, txID: 4810,
            hlc: HLC(millis: 1_764_000_000_000, counter: 1).wire(deviceID: device), baseHLC: nil, entity: "contact",
            entityID: "019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d11", op: op, field: field, value: value)
    }

    @Test func encodesSnakeCaseWithExplicitNulls() throws {
        let data = try WireCoding.encoder().encode(Self.change(op: .delete, field: nil, value: .null))
        let text = String(decoding: data, as: UTF8.self)
        #expect(
            text
                == #"{"base_hlc":null,"change_id":"019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d10","device_seq":4812,"entity":"contact","entity_id":"019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d11","field":null,"hlc":"2025-11-24T16:00:00.000Z-0001-9f2c4e1a7b3d4e60","op":"delete","tx_id":4810,"value":null}"#
        )
    }

    @Test func roundTripsWithServerFields() throws {
        var change = Self.change(value: .object(["amount": .string("123.45"), "currency": .string("EUR")]))
        change.seq = 7
        change.userID = "u1"
        change.deviceID = Self.device
        let back = try WireCoding.decoder().decode(WireChange.self, from: WireCoding.encoder().encode(change))
        #expect(back == change)
        #expect(back.content == Self.change(value: change.value))
        #expect(back.clock == HLC(millis: 1_764_000_000_000, counter: 1))
    }

    @Test func missingValueDecodesAsNullAndRegisterNamesDeletedForRowOps() throws {
        let json =
            #"{"change_id":"a","device_seq":1,"tx_id":1,"hlc":"h","entity":"deal","entity_id":"e","op":"restore"}"#
        let change = try WireCoding.decoder().decode(WireChange.self, from: Data(json.utf8))
        #expect(change.value == .null)
        #expect(change.baseHLC == nil)
        #expect(change.register == "_deleted")
        #expect(Self.change().register == "phone")
    }

    @Test func pushResponseEncodesNullSeqsForAPureDuplicate() throws {
        let response = PushResponse(acceptedThrough: 5, seqFrom: nil, seqTo: nil, serverTime: 1)
        let text = String(decoding: try WireCoding.encoder().encode(response), as: UTF8.self)
        #expect(
            text
                == #"{"accepted_through":5,"conflicts":[],"rejected":[],"seq_from":null,"seq_to":null,"server_time":1}"#
        )
    }
}
