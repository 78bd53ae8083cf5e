// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One change record as it travels between device and server (SYNC.md 3.3).
///
/// Devices push these and pull everyone else's. The client fills the identity, clock and payload;
/// the server adds `seq`, `user_id` and `device_id` when it hands them out on pull, so a pulled
/// change carries the full `(hlc, device_id)` pair that the merge rule orders by.
///
/// ```swift
/// let change = WireChange(
///     changeID: RecordID.make().rawValue, deviceSeq: 1, txID: 1, hlc: hlc.wire(deviceID: device),
///     baseHLC: nil, entity: "contact", entityID: id, op: .set, field: "phone", value: .string("+49 30 1234"))
/// ```
public struct WireChange: Codable, Hashable, Sendable {
    public var changeID: String
    public var deviceSeq: Int64
    public var txID: Int64
    /// The writer's HLC in wire form (`HLC.wire(deviceID:)`).
    public var hlc: String
    /// The HLC of the field value the writer saw, or nil if it saw none.
    public var baseHLC: String?
    public var entity: String
    public var entityID: String
    public var op: WireOp
    public var field: String?
    public var value: JSONValue
    /// Server-assigned per-tenant sequence number; only on pulled changes.
    public var seq: Int64?
    /// The user who pushed the change; only on pulled changes.
    public var userID: String?
    /// The device that wrote the change, the merge tie-breaker; only on pulled changes.
    public var deviceID: String?

    public init(
        changeID: String, deviceSeq: Int64, txID: Int64, hlc: String, baseHLC: String?, entity: String,
        entityID: String, op: WireOp, field: String?, value: JSONValue, seq: Int64? = nil, userID: String? = nil,
        deviceID: String? = nil
    ) {
        self.changeID = changeID
        self.deviceSeq = deviceSeq
        self.txID = txID
        self.hlc = hlc
        self.baseHLC = baseHLC
        self.entity = entity
        self.entityID = entityID
        self.op = op
        self.field = field
        self.value = value
        self.seq = seq
        self.userID = userID
        self.deviceID = deviceID
    }

    enum CodingKeys: String, CodingKey {
        case changeID = "change_id"
        case deviceSeq = "device_seq"
        case txID = "tx_id"
        case hlc
        case baseHLC = "base_hlc"
        case entity
        case entityID = "entity_id"
        case op
        case field
        case value
        case seq
        case userID = "user_id"
        case deviceID = "device_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        changeID = try container.decode(String.self, forKey: .changeID)
        deviceSeq = try container.decode(Int64.self, forKey: .deviceSeq)
        txID = try container.decode(Int64.self, forKey: .txID)
        hlc = try container.decode(String.self, forKey: .hlc)
        baseHLC = try container.decodeIfPresent(String.self, forKey: .baseHLC)
        entity = try container.decode(String.self, forKey: .entity)
        entityID = try container.decode(String.self, forKey: .entityID)
        op = try container.decode(WireOp.self, forKey: .op)
        field = try container.decodeIfPresent(String.self, forKey: .field)
        value = try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null
        seq = try container.decodeIfPresent(Int64.self, forKey: .seq)
        userID = try container.decodeIfPresent(String.self, forKey: .userID)
        deviceID = try container.decodeIfPresent(String.self, forKey: .deviceID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(changeID, forKey: .changeID)
        try container.encode(deviceSeq, forKey: .deviceSeq)
        try container.encode(txID, forKey: .txID)
        try container.encode(hlc, forKey: .hlc)
        try container.encode(baseHLC, forKey: .baseHLC)
        try container.encode(entity, forKey: .entity)
        try container.encode(entityID, forKey: .entityID)
        try container.encode(op, forKey: .op)
        try container.encode(field, forKey: .field)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(seq, forKey: .seq)
        try container.encodeIfPresent(userID, forKey: .userID)
        try container.encodeIfPresent(deviceID, forKey: .deviceID)
    }

    /// The parsed writer clock, or nil if `hlc` is malformed.
    public var clock: HLC? { HLC(wire: hlc) }

    /// The parsed base clock; `.some(nil)` when there is no base, nil when it is malformed.
    public var baseClock: HLC?? {
        guard let baseHLC else { return .some(nil) }
        return HLC(wire: baseHLC).map { .some($0) }
    }

    /// The entity kind, or nil for a name this build does not know.
    public var kind: EntityKind? { EntityKind(rawValue: entity) }

    /// The register this change writes: its field, or `_deleted` for create, delete and restore.
    public var register: String { op.deletedValue == nil ? (field ?? "") : FieldVersion.deletedField }

    /// A create's initial fields (its `value` object); empty for other operations.
    public var initialFields: [String: JSONValue] {
        guard op == .create, case .object(let fields) = value else { return [:] }
        return fields
    }

    /// The client-authored content, without server-assigned fields, for duplicate comparison.
    public var content: WireChange {
        var copy = self
        copy.seq = nil
        copy.userID = nil
        copy.deviceID = nil
        return copy
    }
}
