// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The field merge rule: per-register last-writer-wins by `(hlc, device_id)`, plus the conflict
/// classification of SYNC.md 3.7.
///
/// Pure and order-independent: whichever order two writes arrive in, the same one ends up
/// current. Conflict classification is decided once, on the server; clients only apply winners,
/// and decide which write wins by the same order, `WriteStamp.beats` in CRMCore, which both this
/// type and the client's `RemoteApplier` (CRMStore) call.
///
/// ```swift
/// let decision = LWWMerge.merge(incoming: write, baseHLC: base, current: state, deletion: rowDeleted,
///                               isFieldSet: true)
/// if decision.applies { /* store write as the new current value */ }
/// ```
public enum LWWMerge {
    /// What to do with one incoming write.
    public struct Decision: Hashable, Sendable {
        /// Whether the incoming version becomes the current one.
        public var applies: Bool
        /// The conflict to record, if any: kind, winner and loser.
        public var conflict: (kind: ConflictKind, winner: FieldVersion, loser: FieldVersion)? {
            guard let kind = conflictKind, let winner = conflictWinner, let loser = conflictLoser else { return nil }
            return (kind, winner, loser)
        }
        public var conflictKind: ConflictKind?
        public var conflictWinner: FieldVersion?
        public var conflictLoser: FieldVersion?

        init(applies: Bool, kind: ConflictKind? = nil, winner: FieldVersion? = nil, loser: FieldVersion? = nil) {
            self.applies = applies
            conflictKind = kind
            conflictWinner = winner
            conflictLoser = loser
        }
    }

    /// Does `incoming` win over `current`? True when there is no current version.
    public static func wins(_ incoming: FieldVersion, over current: FieldVersion?) -> Bool {
        guard let current else { return true }
        return incoming.beats(current)
    }

    /// Merges one incoming write into a register.
    ///
    /// - Parameters:
    ///   - incoming: the write, with the pusher's device and user.
    ///   - baseHLC: the HLC of the value the writer saw, nil if it saw none.
    ///   - current: the register's current version, nil if never written.
    ///   - deletion: the record's `_deleted` register, nil if never written.
    ///   - isFieldSet: true for a `set` of a field, false for create/delete/restore.
    public static func merge(
        incoming: FieldVersion, baseHLC: HLC?, current: FieldVersion?, deletion: FieldVersion?, isFieldSet: Bool
    ) -> Decision {
        guard let current else {
            return editOnDeleted(incoming, baseHLC, deletion, isFieldSet) ?? Decision(applies: true)
        }
        if incoming.stamp == current.stamp {
            return Decision(applies: false)  // the same write again: a no-op
        }
        guard incoming.beats(current) else {
            guard incoming.value != current.value else { return Decision(applies: false) }
            return Decision(applies: false, kind: .concurrentWrite, winner: current, loser: incoming)
        }
        if let onDeleted = editOnDeleted(incoming, baseHLC, deletion, isFieldSet) { return onDeleted }
        if let baseHLC, baseHLC >= current.hlc { return Decision(applies: true) }
        if incoming.value == current.value { return Decision(applies: true) }
        return Decision(applies: true, kind: .concurrentWrite, winner: incoming, loser: current)
    }

    /// The edits a winning delete hides without its writer having seen them.
    ///
    /// The other arrival order of `editOnDeleted`: the edit reached the server first. A delete's
    /// `base_hlc` is the newest HLC of the record its writer had (SYNC.md convention, see
    /// Docs/SYNC.md), so a field written later by another device was not seen by the deleter.
    /// Returns one `edit_on_deleted` conflict per such field (winner: the delete, loser: the
    /// edit, which stays on the hidden data). With no `base_hlc` nothing can be decided: none.
    public static func editsHidden(
        byDelete delete: FieldVersion, baseHLC: HLC?, fields: [String: FieldVersion]
    ) -> [(field: String, winner: FieldVersion, loser: FieldVersion)] {
        guard let baseHLC, delete.value == .bool(true) else { return [] }
        return fields.sorted { $0.key < $1.key }.compactMap { field, version in
            guard field != FieldVersion.deletedField, version.deviceID != delete.deviceID, version.hlc > baseHLC
            else { return nil }
            return (field, delete, version)
        }
    }

    /// A field set on a deleted record by a writer who saw the record before the delete.
    static func editOnDeleted(_ incoming: FieldVersion, _ baseHLC: HLC?, _ deletion: FieldVersion?, _ isFieldSet: Bool)
        -> Decision?
    {
        guard isFieldSet, let deletion, deletion.value == .bool(true) else { return nil }
        if let baseHLC, baseHLC >= deletion.hlc { return nil }
        return Decision(applies: true, kind: .editOnDeleted, winner: deletion, loser: incoming)
    }
}
