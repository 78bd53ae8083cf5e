// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Testing

/// Shortcuts the push path takes for every change, held to the long way they replace.
@Suite struct ConflictJSONTests {
    /// What the server stored before: the conflict encoded by the wire encoder, decoded again.
    static func roundTrip(_ value: some Encodable) throws -> JSONValue {
        try WireCoding.decoder().decode(JSONValue.self, from: WireCoding.encoder().encode(value))
    }

    static let values: [JSONValue] = [
        .string("+49 30 1234"), .string("quote \" slash / control \u{1}"), .int(0), .int(-5), .bool(true), .null,
        .object(["amount": .string("12.50"), "currency": .string("EUR")]), .array([.string("vip"), .string("b")]),
        .array([]), .object(["nested": .object(["a": .array([.int(1), .null])])]),
    ]

    @Test func conflictsAndTheirSidesAreTheValuesTheEncoderMade() throws {
        for (index, value) in Self.values.enumerated() {
            let winner = ConflictSide(
                value: value, hlc: "0000018c-\(index)-a", deviceID: "device/\(index)",
                userID: index.isMultiple(of: 2) ? "user \(index)" : nil)
            let loser = ConflictSide(
                value: Self.values[(index + 3) % Self.values.count], hlc: "0000018c-\(index)-b", deviceID: "other",
                userID: index.isMultiple(of: 3) ? nil : "ü")
            for kind in ConflictKind.allCases {
                for seq in [nil, Int64(index) * 1000 + 1] {
                    let conflict = WireConflict(
                        kind: kind, entity: "contact", entityID: "id-\(index)", field: "phone", winner: winner,
                        loser: loser, seq: seq)
                    #expect(conflict.jsonValue == (try Self.roundTrip(conflict)))
                    #expect(conflict.jsonValue.jsonText == (try Self.roundTrip(conflict)).jsonText)
                    #expect(conflict.jsonText == (try Self.roundTrip(conflict)).jsonText)
                }
            }
            #expect(winner.jsonValue == (try Self.roundTrip(winner)))
            #expect(loser.jsonValue.jsonText == (try Self.roundTrip(loser)).jsonText)
        }
    }

    @Test func aDoubleValueStoresTheSameText() throws {
        let side = ConflictSide(value: .double(12.0), hlc: "h", deviceID: "d", userID: nil)
        #expect(side.jsonValue.jsonText == (try Self.roundTrip(side)).jsonText)
        #expect(side.jsonValue.jsonText == #"{"device_id":"d","hlc":"h","user_id":null,"value":12}"#)
        let conflict = WireConflict(
            kind: .concurrentWrite, entity: "deal", entityID: "d1", field: "amount", winner: side,
            loser: ConflictSide(value: .double(0.1), hlc: "g", deviceID: "e", userID: "u"), seq: 7)
        #expect(conflict.jsonText == (try Self.roundTrip(conflict)).jsonText)
    }

    /// The conflict's text written directly escapes its names as the encoder does.
    @Test func namesThatNeedEscapingAreWrittenAsTheEncoderWritesThem() throws {
        let side = ConflictSide(value: .string("a\tb"), hlc: "h\"1", deviceID: "dev/ü\u{2028}", userID: "\u{1F600}")
        let conflict = WireConflict(
            kind: .editOnDeleted, entity: "ent\"ity", entityID: "line\nbreak", field: "back\\slash",
            winner: side, loser: side, seq: -1)
        #expect(conflict.jsonText == (try Self.roundTrip(conflict)).jsonText)
    }

    @Test func roleAllowsWhatItsEntitiesHold() {
        for role in Role.allCases {
            for kind in EntityKind.allCases {
                #expect(role.allows(kind) == role.entities.contains(kind), "\(role) \(kind)")
            }
        }
        #expect(!Role.manager.allows(.user) && Role.admin.allows(.user) && !Role.agent.allows(.deal))
    }
}
