// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// Decides a push (SYNC.md 3.6 steps 1–4) from the state it reads, without any I/O.
///
/// Given the batch and a `PushState`, it checks the device and epoch, drops re-sent changes
/// (refusing one whose content changed), refuses gaps, merges each new change against
/// `field_state` in order (each seeing the ones before it), and returns the `PushPlan`: the log
/// rows with consecutive seqs, the field-state rows, conflicts and refusals. Both stores run this
/// one planner, so they cannot disagree on a merge; each only reads the state and applies the
/// plan (`TenantPushScope`). A throw means the push is refused whole and nothing is written.
///
/// ```swift
/// let request = PushPlanner.request(for: batch, lastDeviceSeq: device.lastDeviceSeq)
/// let plan = try PushPlanner(batch: batch, state: state).plan()
/// ```
struct PushPlanner {
    let batch: PushBatch
    /// Makes the change ids of conflict records; injected so tests can predict them.
    let makeID: () -> String
    private var state: PushState
    private var draft: PushPlan
    /// The visibility class of the change being merged.
    private var scope: String?
    /// The tenant's custom-field definitions, for the custom values of the batch.
    private var customFields = CustomFieldCheck()

    init(batch: PushBatch, state: PushState, makeID: @escaping () -> String = { RecordID.make().rawValue }) {
        self.batch = batch
        self.state = state
        self.makeID = makeID
        draft = PushPlan(
            deviceID: batch.deviceID, userID: batch.userID, now: batch.now, lastSeq: state.lastSeq,
            acceptedThrough: state.device?.lastDeviceSeq ?? 0, outcome: PushOutcome(acceptedThrough: 0, conflicts: []))
    }

    /// What a store reads for `batch` once it knows the device's `last_device_seq`.
    static func request(for batch: PushBatch, lastDeviceSeq: Int64) -> PushStateRequest {
        let fresh = batch.changes.filter { $0.deviceSeq > lastDeviceSeq }
        let resent = batch.changes.filter { $0.deviceSeq <= lastDeviceSeq }
        return PushStateRequest(
            resentDeviceSeqs: resent.map(\.deviceSeq), resentChangeIDs: resent.map(\.changeID),
            freshChangeIDs: fresh.map(\.changeID), fields: FieldStateQuery(changes: fresh))
    }

    /// The plan, or the `StoreError` that refuses the whole push.
    func plan() throws -> PushPlan {
        var planner = self
        return try planner.run()
    }

    private mutating func run() throws -> PushPlan {
        guard let device = state.device, device.userID == batch.userID, !device.revoked else {
            throw StoreError.deviceNotAllowed(batch.deviceID)
        }
        if let epoch = batch.epoch, epoch != state.epoch {
            throw StoreError.epochMismatch(epoch: state.epoch, lastDeviceSeq: device.lastDeviceSeq)
        }
        let fresh = try dropDuplicates(after: device.lastDeviceSeq)
        try checkContiguous(fresh, after: device.lastDeviceSeq)
        for change in fresh {
            scope = scope(of: change)
            if let refusal = batch.refused[change.changeID]
                ?? RoleRules.refusal(batch.role, change: change, scope: scope)
                ?? markRefusal(change)
                ?? customFields.refusal(change, fields: state.fields)
            {
                draft.refusals.append(PushPlan.Refusal(change: change, refusal: refusal))
                draft.outcome.rejected.append(refusal)
            } else {
                try apply(change)
                if change.kind == .field { customFields.invalidate() }
            }
        }
        draft.acceptedThrough = fresh.last?.deviceSeq ?? device.lastDeviceSeq
        draft.outcome.acceptedThrough = draft.acceptedThrough
        draft.outcome.seqFrom = draft.appends.first?.seq
        draft.outcome.seqTo = draft.appends.isEmpty ? nil : draft.lastSeq
        return draft
    }

    /// Changes at or below the device's high-water mark were stored (or refused) before: they
    /// must be the same change, and are then skipped; an earlier refusal is answered again, so a
    /// client that lost the first answer still learns of it.
    private mutating func dropDuplicates(after last: Int64) throws -> [WireChange] {
        var fresh: [WireChange] = []
        for change in batch.changes {
            if change.deviceSeq > last {
                guard !state.takenChangeIDs.contains(change.changeID) else {
                    throw StoreError.changeReused(changeID: change.changeID)
                }
                fresh.append(change)
            } else if let stored = state.stored[change.deviceSeq] {
                guard stored.content == change.content else { throw StoreError.changeReused(changeID: change.changeID) }
            } else {
                guard let earlier = state.refusals[change.deviceSeq],
                    let content = RejectedContent.decode(earlier.content), content.content == change.content
                else { throw StoreError.changeReused(changeID: change.changeID) }
                draft.outcome.rejected.append(
                    RejectedChange(changeID: change.changeID, code: earlier.code, message: earlier.message))
            }
        }
        return fresh
    }

    private func checkContiguous(_ fresh: [WireChange], after last: Int64) throws {
        guard let first = fresh.first else { return }
        guard first.deviceSeq == last + 1 else {
            throw StoreError.deviceSeqGap(expected: last + 1, got: first.deviceSeq)
        }
        for (previous, next) in zip(fresh, fresh.dropFirst()) where next.deviceSeq != previous.deviceSeq + 1 {
            throw StoreError.invalidBatch(
                "device_seq must ascend by 1 within a push; \(next.deviceSeq) follows \(previous.deviceSeq)")
        }
    }

    /// The visibility class of `change`, reading the activity's stored `case_id` when the change
    /// itself does not name one.
    private func scope(of change: WireChange) -> String? {
        guard change.kind == .activity else { return nil }
        let namesCase = change.op == .create || (change.op == .set && change.field == "case_id")
        let stored = namesCase ? nil : field(change, "case_id")?.value
        return RoleRules.scope(of: change, storedCaseID: stored)
    }

    /// The current version of one register of `change`'s record: as read, or as this push wrote it.
    private func field(_ change: WireChange, _ register: String) -> FieldVersion? {
        state.fields[FieldKey(entity: change.entity, entityID: change.entityID, field: register)]
    }

    /// `MarkOwnership`'s word on a notification mark; nothing is looked up for the other kinds,
    /// which are almost every change a push carries.
    private func markRefusal(_ change: WireChange) -> RejectedChange? {
        guard change.kind == .notificationMark else { return nil }
        return MarkOwnership.refusal(change, userID: batch.userID, storedOwner: field(change, "user_id")?.value)
    }

    /// Merges one change, appends it (and any conflict), and records the registers it wins.
    private mutating func apply(_ change: WireChange) throws {
        guard let hlc = change.clock, case .some(let base) = change.baseClock else {
            throw StoreError.invalidBatch("change \(change.changeID) has a malformed hlc")
        }
        let writes = registerWrites(change, hlc: hlc, base: base)
        let seq = append(change, hlc: hlc, status: writes.contains { $0.decision.applies } ? "applied" : "lost")
        for write in writes where write.decision.applies {
            let key = FieldKey(entity: change.entity, entityID: change.entityID, field: write.register)
            state.fields[key] = write.incoming
            draft.fieldStates[key] = PushPlan.FieldState(version: write.incoming, seq: seq)
        }
        if let main = writes.first, main.decision.applies, change.op == .delete, let base {
            let target = RecordKey(entity: change.entity, entityID: change.entityID)
            var fields: [String: FieldVersion] = [:]
            for (key, version) in state.fields
            where key.record == target && key.field != FieldVersion.deletedField && version.hlc > base {
                fields[key.field] = version
            }
            for edit in LWWMerge.editsHidden(byDelete: main.incoming, baseHLC: base, fields: fields) {
                record(
                    WireConflict(
                        kind: .editOnDeleted, entity: change.entity, entityID: change.entityID, field: edit.field,
                        winner: edit.winner.side, loser: edit.loser.side, seq: seq), cause: change, hlc: hlc)
            }
        }
        for write in writes {
            guard let conflict = write.decision.conflict else { continue }
            record(
                WireConflict(
                    kind: conflict.kind, entity: change.entity, entityID: change.entityID, field: write.register,
                    winner: conflict.winner.side, loser: conflict.loser.side, seq: seq), cause: change, hlc: hlc)
        }
    }

    /// One register write of a change and how it merged.
    private struct RegisterWrite {
        var register: String
        var incoming: FieldVersion
        var decision: LWWMerge.Decision
    }

    /// The registers a change writes, merged: its field (or `_deleted`), then a create's initial
    /// fields, each at the create's HLC with no base.
    private func registerWrites(_ change: WireChange, hlc: HLC, base: HLC?) -> [RegisterWrite] {
        let register = change.register
        let incoming = version(change.op.deletedValue.map(JSONValue.bool) ?? change.value, hlc)
        let deletion = register == FieldVersion.deletedField ? nil : field(change, FieldVersion.deletedField)
        var writes = [
            RegisterWrite(
                register: register, incoming: incoming,
                decision: LWWMerge.merge(
                    incoming: incoming, baseHLC: base, current: field(change, register), deletion: deletion,
                    isFieldSet: change.op == .set))
        ]
        for (name, value) in change.initialFields.sorted(by: { $0.key < $1.key }) {
            let initial = version(value, hlc)
            let decision = LWWMerge.merge(
                incoming: initial, baseHLC: nil, current: field(change, name), deletion: nil, isFieldSet: false)
            writes.append(RegisterWrite(register: name, incoming: initial, decision: decision))
        }
        return writes
    }

    private func version(_ value: JSONValue, _ hlc: HLC) -> FieldVersion {
        FieldVersion(value: value, hlc: hlc, deviceID: batch.deviceID, userID: batch.userID)
    }

    /// Gives a change the next seq; returns that seq.
    ///
    /// `valueJSON` is the value's stored text when the caller has made it already.
    private mutating func append(_ change: WireChange, hlc: HLC, status: String, valueJSON: String? = nil) -> Int64 {
        draft.lastSeq += 1
        draft.appends.append(
            PushPlan.Append(
                seq: draft.lastSeq, change: change, hlc: hlc, status: status, scope: scope,
                valueJSON: valueJSON ?? change.value.jsonText))
        return draft.lastSeq
    }

    /// A conflict row plus an `op: "conflict"` log record in the causing change's tx group.
    private mutating func record(_ conflict: WireConflict, cause: WireChange, hlc: HLC) {
        let record = WireChange(
            changeID: makeID(), deviceSeq: cause.deviceSeq, txID: cause.txID, hlc: cause.hlc, baseHLC: nil,
            entity: cause.entity, entityID: cause.entityID, op: .conflict, field: conflict.field,
            value: conflict.jsonValue)
        let seq = append(record, hlc: hlc, status: "applied", valueJSON: conflict.jsonText)
        draft.conflicts.append(PushPlan.Conflict(id: seq, conflict: conflict))
        draft.outcome.conflicts.append(conflict)
    }
}

/// What a store reads for one batch, besides the tenant and device rows (`PushPlanner.request`).
struct PushStateRequest: Hashable, Sendable {
    /// Device seqs at or below the device's high-water mark: the refusals there to compare.
    var resentDeviceSeqs: [Int64]
    /// The ids of the changes at those seqs: the stored changes to compare are found by id, and
    /// count only when they are the device's at the same seq (`PushState.stored`).
    var resentChangeIDs: [String]
    /// The ids of the new changes, each of which must be unused in the tenant.
    var freshChangeIDs: [String]
    /// The `field_state` rows the new changes merge against.
    var fields: FieldStateQuery
}
