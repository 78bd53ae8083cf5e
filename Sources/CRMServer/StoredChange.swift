// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// One log row as a pull reads it: what a pulled `WireChange` carries, with the value kept as the
/// JSON text the push stored instead of a decoded `JSONValue`.
///
/// Every stored value was written by the server itself as `JSONValue.jsonText` (canonical JSON:
/// sorted keys, unescaped slashes) of a value that passed push validation, so the pull can splice
/// that text into its answer as it is (`PullResponseWriter`). Decoding each value only to encode
/// it again cost about a third of the server's CPU under load (Docs/BENCHMARKS.md).
///
/// The columns live in one immutable object shared by every copy, with what each pull would
/// otherwise work out again from them: the entity kind, and the row's members as `format=rows2`
/// writes them (`CompactRow`). A change is made once (by its push, or by the read that brings it
/// into the tail) and pulled by every other device of its tenant, so copying it into a page costs
/// one retain instead of one per string, and the row writer copies bytes instead of reading
/// strings (Docs/BENCHMARKS.md, 2026-12-06, ninth session).
public struct StoredChange: Hashable, Sendable {
    private let storage: Storage

    public init(
        seq: Int64, changeID: String, deviceID: String, deviceSeq: Int64, txID: Int64, hlc: String,
        baseHLC: String?, entity: String, entityID: String, op: WireOp, field: String?, valueJSON: String,
        userID: String, scope: String? = nil
    ) {
        storage = Storage(
            Columns(
                seq: seq, changeID: changeID, deviceID: deviceID, deviceSeq: deviceSeq, txID: txID, hlc: hlc,
                baseHLC: baseHLC, entity: entity, entityID: entityID, op: op, field: field, valueJSON: valueJSON,
                userID: userID, scope: scope))
    }

    public var seq: Int64 { storage.columns.seq }
    public var changeID: String { storage.columns.changeID }
    public var deviceID: String { storage.columns.deviceID }
    public var deviceSeq: Int64 { storage.columns.deviceSeq }
    public var txID: Int64 { storage.columns.txID }
    public var hlc: String { storage.columns.hlc }
    public var baseHLC: String? { storage.columns.baseHLC }
    public var entity: String { storage.columns.entity }
    public var entityID: String { storage.columns.entityID }
    public var op: WireOp { storage.columns.op }
    public var field: String? { storage.columns.field }
    /// The value as stored: canonical JSON text.
    public var valueJSON: String { storage.columns.valueJSON }
    public var userID: String { storage.columns.userID }
    /// The visibility class (`RoleRules.scope`), never sent.
    ///
    /// `case` for an activity of a case, which only roles that see cases receive.
    public var scope: String? { storage.columns.scope }

    /// The entity kind, or nil for a name this build does not know.
    public var kind: EntityKind? { storage.kind }

    /// `deviceHash(deviceID)`, worked out once, when the change was made (`PullPlanner.Reader`).
    var deviceHash: Int { storage.deviceHash }

    /// A device id's hash, equal for equal ids within this process (its seed is the process's).
    static func deviceHash(_ deviceID: String) -> Int { deviceID.hashValue }

    /// `body` on the layout and bytes of the members a `format=rows2` row writes, encoded when the
    /// change was made (`CompactRow`), read in place (`PullRowWriter`).
    @inline(__always)
    func withCompactRow<Result>(_ body: (CompactRow.Layout, UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let storage = storage
        return storage.compact.bytes.withUnsafeBufferPointer { body(storage.compact.layout, $0) }
    }

    /// The pulled wire change, its value decoded (`null` if the text is not JSON).
    public var wireChange: WireChange {
        WireChange(
            changeID: changeID, deviceSeq: deviceSeq, txID: txID, hlc: hlc, baseHLC: baseHLC, entity: entity,
            entityID: entityID, op: op, field: field, value: JSONValue(jsonText: valueJSON) ?? .null, seq: seq,
            userID: userID, deviceID: deviceID)
    }

    public static func == (lhs: StoredChange, rhs: StoredChange) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.columns == rhs.storage.columns
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.columns) }

    /// A copy with `change` made to its columns, in a new object (tests build variants this way;
    /// the server never changes a stored change once it is made).
    func with(_ change: (inout Columns) -> Void) -> StoredChange {
        var columns = storage.columns
        change(&columns)
        return StoredChange(storage: Storage(columns))
    }

    private init(storage: Storage) {
        self.storage = storage
    }
}

extension StoredChange {
    /// The columns of the row, as stored.
    struct Columns: Hashable, Sendable {
        var seq: Int64
        var changeID: String
        var deviceID: String
        var deviceSeq: Int64
        var txID: Int64
        var hlc: String
        var baseHLC: String?
        var entity: String
        var entityID: String
        var op: WireOp
        var field: String?
        var valueJSON: String
        var userID: String
        var scope: String?
    }

    /// The columns and what is derived from them, never changed once made.
    final class Storage: Sendable {
        let columns: Columns
        let kind: EntityKind?
        let deviceHash: Int
        let compact: CompactRow

        init(_ columns: Columns) {
            self.columns = columns
            kind = EntityKind(rawValue: columns.entity)
            deviceHash = StoredChange.deviceHash(columns.deviceID)
            compact = CompactRow(columns)
        }
    }
}
