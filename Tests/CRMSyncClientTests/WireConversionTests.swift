// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

@testable import CRMStore
@testable import CRMSyncClient

/// Pulled pages and pushed changes translate exactly, or not at all (SYNC.md 3.3).
@Suite struct WireConversionTests {
    static let device = "9f2c4e1a7b3d5e60aa"
    static let hlc = HLC(millis: 1_764_000_000_000, counter: 1)

    /// A pulled change as the server sends it: seq, device and user filled in.
    static func pulled(
        seq: Int64? = 7, entity: String = "contact", op: WireOp = .set, field: String? = "name",
        value: JSONValue = .string("Ada"), hlc: String = hlc.wire(deviceID: device), deviceID: String? = device
    ) -> WireChange {
        WireChange(
            changeID: RecordID.make().rawValue, deviceSeq: 1, txID: 1, hlc: hlc, baseHLC: nil, entity: entity,
            entityID: RecordID.make().rawValue, op: op, field: field, value: value, seq: seq, userID: "u1",
            deviceID: deviceID)
    }

    /// What `remote` throws for a page, or nil when it does not throw.
    static func refusal(_ page: [WireChange], after cursor: Int64 = 5) -> SyncError? {
        do {
            _ = try WireConversion.remote(page, after: cursor)
            return nil
        } catch {
            return error as? SyncError
        }
    }

    @Test func aGoodPageSplitsIntoChangesConflictsAndUnknownFields() throws {
        let conflict = WireConflict(
            kind: .concurrentWrite, entity: "contact", entityID: RecordID.make().rawValue, field: "name",
            winner: ConflictSide(value: .string("B"), hlc: Self.hlc.wire(deviceID: "b"), deviceID: "b", userID: nil),
            loser: ConflictSide(value: .string("A"), hlc: Self.hlc.wire(deviceID: "a"), deviceID: "a", userID: "u"))
        let page = try WireConversion.remote(
            [
                Self.pulled(seq: 6),
                Self.pulled(seq: 7, op: .conflict, field: nil, value: conflict.jsonValue),
                Self.pulled(seq: 8, field: "shoe_size", value: .int(44)),
                Self.pulled(seq: 9, entity: "invoice", field: "total", value: .int(3)),
            ], after: 5)
        #expect(page.changes.map(\.seq) == [6])
        #expect(page.conflicts.map(\.seq) == [7])
        #expect(page.conflicts.first?.loserUser == "u")
        #expect(page.unknown.map(\.field) == ["shoe_size", "total"], "newer fields and kinds are kept, not dropped")
    }

    @Test func aChangeWithoutASeqRefusesThePage() {
        let error = Self.refusal([Self.pulled(seq: 6), Self.pulled(seq: nil)])
        #expect(error == .undecodableChange(seq: nil, cursor: 5, reason: "it has no seq"))
        #expect(error?.description.contains("without a seq (in the page after seq 5)") == true)
    }

    @Test func aClockThatDoesNotParseRefusesThePageNamingTheSeq() throws {
        let error = try #require(Self.refusal([Self.pulled(seq: 6), Self.pulled(seq: 7, hlc: "yesterday")]))
        #expect(error == .undecodableChange(seq: 7, cursor: 5, reason: "its hlc 'yesterday' is not a clock"))
        #expect(
            error.description
                == "pulled change seq 7 could not be read: its hlc 'yesterday' is not a clock; nothing of its page "
                + "was applied and the cursor stays at 5, so the next sync retries it")
        #expect(error.isRetryable)
    }

    @Test func aConflictRecordThatDoesNotDecodeRefusesThePage() throws {
        let error = try #require(
            Self.refusal([Self.pulled(seq: 7, op: .conflict, field: nil, value: .object(["kind": .string("odd")]))]))
        guard case .undecodableChange(let seq, _, let reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(seq == 7)
        #expect(reason.hasPrefix("its conflict record does not decode"))
    }

    @Test func aChangeWithoutItsDeviceRefusesThePage() {
        #expect(
            Self.refusal([Self.pulled(deviceID: nil)])
                == .undecodableChange(seq: 7, cursor: 5, reason: "it names no device_id"))
    }

    @Test func aValueThatDoesNotFitItsKnownFieldRefusesThePage() throws {
        let error = try #require(Self.refusal([Self.pulled(field: "email", value: .int(12))]))
        guard case .undecodableChange(7, 5, let reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(reason.hasPrefix("its value for contact.email does not fit the field"))
    }

    @Test func aSetWithoutAFieldRefusesThePage() {
        #expect(
            Self.refusal([Self.pulled(field: nil)])
                == .undecodableChange(seq: 7, cursor: 5, reason: "it is a set that names no field"))
    }

    static func local(op: String, valueJSON: String? = "\"Ada\"") -> LocalChange {
        LocalChange(
            deviceSeq: 3, changeID: RecordID.make().rawValue, txID: 3, hlc: hlc, baseHLC: nil, deviceID: device,
            kind: "contact", entityID: RecordID.make().rawValue, op: op, field: "name", valueJSON: valueJSON)
    }

    @Test func aLocalChangeIsPushedAsItIs() throws {
        let wire = try WireConversion.wire(Self.local(op: "set"))
        #expect(wire.op == .set && wire.value == .string("Ada") && wire.deviceSeq == 3)
        #expect(try WireConversion.wire(Self.local(op: "delete", valueJSON: nil)).value == .null)
    }

    @Test func anUnknownLocalOperationIsRefusedNotSentAsASet() {
        for op in ["merge", "conflict", ""] {
            #expect(
                throws: SyncError.invalidLocalChange(
                    deviceSeq: 3, reason: "its operation '\(op)' is not one a device can push")
            ) {
                try WireConversion.wire(Self.local(op: op))
            }
        }
    }

    @Test func aLocalValueThatIsNotJSONIsRefused() {
        #expect(throws: SyncError.invalidLocalChange(deviceSeq: 3, reason: "its value is not JSON: {oops")) {
            try WireConversion.wire(Self.local(op: "set", valueJSON: "{oops"))
        }
    }
}
