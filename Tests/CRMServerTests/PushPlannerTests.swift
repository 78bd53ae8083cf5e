// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

@testable import CRMServer

/// `PushPlanner` alone: a batch and a hand-made `PushState` in, a `PushPlan` out, no store.
@Suite struct PushPlannerTests {
    static let device = "dev-a"
    static let user = "user-a"
    static let epoch = "epoch-1"
    static let start: Int64 = 1_700_000_000_000

    static func change(
        _ deviceSeq: Int64, _ entityID: String = "c1", entity: String = "contact", op: WireOp = .set,
        field: String? = "name", value: JSONValue = .string("Ada"), millis: Int64? = nil, base: HLC? = nil,
        hlc: String? = nil
    ) -> WireChange {
        WireChange(
            changeID: "change-\(deviceSeq)-\(entityID)", deviceSeq: deviceSeq, txID: deviceSeq,
            hlc: hlc ?? HLC(millis: millis ?? start + deviceSeq, counter: 0).wire(deviceID: device),
            baseHLC: base?.wire(deviceID: device), entity: entity, entityID: entityID, op: op, field: field,
            value: value)
    }

    static func batch(_ changes: [WireChange], role: Role = .admin, refused: [String: RejectedChange] = [:])
        -> PushBatch
    {
        PushBatch(
            tenantID: "ignored-by-the-planner", userID: user, deviceID: device, role: role, epoch: epoch,
            changes: changes, now: 42, refused: refused)
    }

    static func state(lastSeq: Int64 = 10, lastDeviceSeq: Int64 = 0) -> PushState {
        PushState(
            lastSeq: lastSeq, epoch: epoch,
            device: PushState.Device(userID: user, lastDeviceSeq: lastDeviceSeq, revoked: false))
    }

    static func plan(_ batch: PushBatch, _ state: PushState) throws -> PushPlan {
        var count = 0
        return try PushPlanner(
            batch: batch, state: state,
            makeID: {
                count += 1
                return "conflict-\(count)"
            }
        ).plan()
    }

    @Test func newChangesTakeConsecutiveSeqsAfterTheTenantsLast() throws {
        let changes = [
            Self.change(1, op: .create, field: nil, value: .object(["name": .string("Ada")])), Self.change(2),
        ]
        let plan = try Self.plan(Self.batch(changes), Self.state(lastSeq: 10))
        #expect(plan.appends.map(\.seq) == [11, 12])
        #expect(plan.appends.map(\.status) == ["applied", "applied"])
        #expect(plan.lastSeq == 12 && plan.acceptedThrough == 2)
        #expect(plan.outcome == PushOutcome(acceptedThrough: 2, seqFrom: 11, seqTo: 12, conflicts: []))
        // The create's initial name and the later set of it: one final row, from the set.
        let name = try #require(plan.fieldStates[FieldKey(entity: "contact", entityID: "c1", field: "name")])
        #expect(name.seq == 12 && name.version.hlc == Self.changes2HLC)
        #expect(plan.fieldStates[FieldKey(entity: "contact", entityID: "c1", field: "_deleted")]?.seq == 11)
    }

    static let changes2HLC = HLC(millis: start + 2, counter: 0)

    @Test func aResentStoredChangeIsSkippedAndAChangedOneIsRefused() throws {
        let stored = Self.change(1)
        var state = Self.state(lastDeviceSeq: 1)
        state.stored[1] = stored
        let plan = try Self.plan(Self.batch([stored, Self.change(2, "c2")]), state)
        #expect(plan.appends.map(\.change.changeID) == ["change-2-c2"])
        #expect(plan.acceptedThrough == 2)
        var altered = stored
        altered.value = .string("Other")
        #expect(throws: StoreError.changeReused(changeID: stored.changeID)) {
            try Self.plan(Self.batch([altered]), state)
        }
        let nothingNew = try Self.plan(Self.batch([stored]), state)
        #expect(nothingNew.appends.isEmpty && nothingNew.outcome.seqFrom == nil && nothingNew.acceptedThrough == 1)
    }

    @Test func aResentRefusedChangeIsAnsweredWithTheSameRefusal() throws {
        let refused = Self.change(1, entity: "deal")
        var state = Self.state(lastDeviceSeq: 1)
        state.refusals[1] = PushState.EarlierRefusal(
            content: RejectedContent.encode(refused), code: "role_forbids", message: "no deals")
        let plan = try Self.plan(Self.batch([refused]), state)
        #expect(plan.refusals.isEmpty && plan.appends.isEmpty)
        #expect(
            plan.outcome.rejected == [
                RejectedChange(changeID: refused.changeID, code: "role_forbids", message: "no deals")
            ])
        #expect(throws: StoreError.changeReused(changeID: "change-2-c1")) {
            try Self.plan(Self.batch([Self.change(2)]), Self.state(lastDeviceSeq: 2))
        }
    }

    @Test func refusalsCountAgainstTheDeviceButStayOutOfTheLog() throws {
        let deal = Self.change(1, "d1", entity: "deal")
        let invalid = Self.change(2)
        let stamped = RejectedChange(changeID: invalid.changeID, code: "invalid_value", message: "bad")
        let plan = try Self.plan(
            Self.batch([deal, invalid, Self.change(3, "c3")], role: .agent, refused: [invalid.changeID: stamped]),
            Self.state())
        #expect(plan.refusals.map(\.refusal.code) == ["role_forbids", "invalid_value"])
        #expect(plan.appends.map(\.change.changeID) == ["change-3-c3"])
        #expect(plan.acceptedThrough == 3 && plan.outcome.rejected.count == 2)
    }

    @Test func theDeviceAndTheEpochAreChecked() throws {
        let batch = Self.batch([Self.change(1)])
        var state = Self.state(lastDeviceSeq: 4)
        state.device?.revoked = true
        #expect(throws: StoreError.deviceNotAllowed(Self.device)) { try Self.plan(batch, state) }
        state.device = PushState.Device(userID: "someone-else", lastDeviceSeq: 4, revoked: false)
        #expect(throws: StoreError.deviceNotAllowed(Self.device)) { try Self.plan(batch, state) }
        state.device = nil
        #expect(throws: StoreError.deviceNotAllowed(Self.device)) { try Self.plan(batch, state) }
        state = Self.state(lastDeviceSeq: 4)
        state.epoch = "epoch-2"
        #expect(throws: StoreError.epochMismatch(epoch: "epoch-2", lastDeviceSeq: 4)) { try Self.plan(batch, state) }
    }

    @Test func gapsAndUsedIDsRefuseTheWholeBatch() throws {
        #expect(throws: StoreError.deviceSeqGap(expected: 1, got: 2)) {
            try Self.plan(Self.batch([Self.change(2)]), Self.state())
        }
        #expect(throws: StoreError.self) { try Self.plan(Self.batch([Self.change(1), Self.change(3)]), Self.state()) }
        var state = Self.state()
        state.takenChangeIDs = ["change-1-c1"]
        #expect(throws: StoreError.changeReused(changeID: "change-1-c1")) {
            try Self.plan(Self.batch([Self.change(1)]), state)
        }
        #expect(throws: StoreError.invalidBatch("change change-1-c1 has a malformed hlc")) {
            try Self.plan(Self.batch([Self.change(1, hlc: "not an hlc")]), Self.state())
        }
    }

    @Test func anOlderConcurrentWriteLosesAndRecordsAConflict() throws {
        var state = Self.state()
        let newer = FieldVersion(
            value: .string("Bea"), hlc: HLC(millis: Self.start + 100, counter: 0), deviceID: "dev-b", userID: "b")
        state.fields[FieldKey(entity: "contact", entityID: "c1", field: "name")] = newer
        let plan = try Self.plan(Self.batch([Self.change(1, base: HLC(millis: Self.start - 5, counter: 0))]), state)
        #expect(plan.appends.map(\.status) == ["lost", "applied"])
        #expect(plan.appends.map(\.change.op) == [.set, .conflict])
        #expect(plan.appends[1].change.changeID == "conflict-1")
        #expect(plan.fieldStates.isEmpty)
        #expect(plan.conflicts.map(\.id) == [12])
        #expect(plan.outcome.conflicts.map(\.kind) == [.concurrentWrite])
        #expect(plan.outcome.conflicts.first?.seq == 11)
    }

    @Test func aDeleteRecordsTheEditsItHidesIncludingThoseOfTheSameBatch() throws {
        var state = Self.state()
        state.fields[FieldKey(entity: "contact", entityID: "c1", field: "phone")] = FieldVersion(
            value: .string("+1"), hlc: HLC(millis: Self.start + 50, counter: 0), deviceID: "dev-b", userID: "b")
        state.fields[FieldKey(entity: "contact", entityID: "c1", field: "email")] = FieldVersion(
            value: .string("old"), hlc: HLC(millis: Self.start - 50, counter: 0), deviceID: "dev-b", userID: "b")
        let delete = Self.change(
            1, op: .delete, field: nil, value: .null, millis: Self.start + 60,
            base: HLC(millis: Self.start, counter: 0))
        let plan = try Self.plan(Self.batch([delete]), state)
        #expect(plan.outcome.conflicts.map(\.kind) == [.editOnDeleted])
        #expect(plan.outcome.conflicts.map(\.field) == ["phone"])
        #expect(
            plan.fieldStates[FieldKey(entity: "contact", entityID: "c1", field: "_deleted")]?.version.value
                == .bool(true))
    }

    @Test func theStateRequestCoversEveryRegisterTheMergeReads() {
        let create = Self.change(
            2, "a1", entity: "activity", op: .create, field: nil, value: .object(["subject": .string("Call")]))
        let note = Self.change(5, "a2", entity: "activity", field: "subject", value: .string("Called"))
        let request = PushPlanner.request(
            for: Self.batch([
                Self.change(1), create, Self.change(3, "c9", op: .delete, field: nil, value: .null),
                Self.change(4, "c5"), note,
            ]),
            lastDeviceSeq: 1)
        #expect(request.resentDeviceSeqs == [1])
        #expect(request.freshChangeIDs == ["change-2-a1", "change-3-c9", "change-4-c5", "change-5-a2"])
        let keys = Set(request.fields.keys.map { "\($0.entityID).\($0.field)" })
        #expect(keys == ["c5.name", "c5._deleted", "a2.subject", "a2._deleted", "a2.case_id"])
        #expect(
            request.fields.records
                == [RecordKey(entity: "contact", entityID: "c9"), RecordKey(entity: "activity", entityID: "a1")],
            "a delete and a create read their records whole")
    }
}
