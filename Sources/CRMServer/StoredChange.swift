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
public struct StoredChange: Hashable, Sendable {
    public var seq: Int64
    public var changeID: String
    public var deviceID: String
    public var deviceSeq: Int64
    public var txID: Int64
    public var hlc: String
    public var baseHLC: String?
    public var entity: String
    public var entityID: String
    public var op: WireOp
    public var field: String?
    /// The value as stored: canonical JSON text.
    public var valueJSON: String
    public var userID: String
    /// The visibility class (`RoleRules.scope`), never sent.
    ///
    /// `case` for an activity of a case, which only roles that see cases receive.
    public var scope: String?

    public init(
        seq: Int64, changeID: String, deviceID: String, deviceSeq: Int64, txID: Int64, hlc: String,
        baseHLC: String?, entity: String, entityID: String, op: WireOp, field: String?, valueJSON: String,
        userID: String, scope: String? = nil
    ) {
        self.seq = seq
        self.changeID = changeID
        self.deviceID = deviceID
        self.deviceSeq = deviceSeq
        self.txID = txID
        self.hlc = hlc
        self.baseHLC = baseHLC
        self.entity = entity
        self.entityID = entityID
        self.op = op
        self.field = field
        self.valueJSON = valueJSON
        self.userID = userID
        self.scope = scope
    }

    /// The entity kind, or nil for a name this build does not know.
    public var kind: EntityKind? { EntityKind(rawValue: entity) }

    /// The pulled wire change, its value decoded (`null` if the text is not JSON).
    public var wireChange: WireChange {
        WireChange(
            changeID: changeID, deviceSeq: deviceSeq, txID: txID, hlc: hlc, baseHLC: baseHLC, entity: entity,
            entityID: entityID, op: op, field: field, value: JSONValue(jsonText: valueJSON) ?? .null, seq: seq,
            userID: userID, deviceID: deviceID)
    }
}
