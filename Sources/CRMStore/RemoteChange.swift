// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// A change made on another device, as pulled from the server, ready to merge.
///
/// The sync client converts wire records into these (typing each value by its field), so the
/// store never sees JSON from the network and the merge runs on validated values.
public struct RemoteChange: Hashable, Sendable {
    /// What the change does.
    public enum Operation: String, Sendable {
        case create, set, delete, restore
    }

    public var seq: Int64
    public var changeID: String
    public var kind: EntityKind
    public var entityID: RecordID
    public var op: Operation
    public var field: String?
    public var value: FieldValue
    /// The initial fields of a `create`.
    public var initial: [String: FieldValue] = [:]
    /// The value of a `set` of a custom field (`custom.<key>`), as JSON: it is kept whatever
    /// definition this device holds (issue 19).
    public var customValue: JSONValue = .null
    /// A create's initial custom values, by key.
    public var customInitial: [String: JSONValue] = [:]
    public var hlc: HLC
    public var deviceID: String
    public var userID: String?

    public init(
        seq: Int64, changeID: String, kind: EntityKind, entityID: RecordID, op: Operation, field: String?,
        value: FieldValue, hlc: HLC, deviceID: String, userID: String? = nil
    ) {
        self.seq = seq
        self.changeID = changeID
        self.kind = kind
        self.entityID = entityID
        self.op = op
        self.field = field
        self.value = value
        self.hlc = hlc
        self.deviceID = deviceID
        self.userID = userID
    }
}

/// A conflict the server decided, as every device receives it (SYNC.md 3.7).
public struct RemoteConflict: Hashable, Sendable {
    public var seq: Int64
    public var kind: String
    public var entity: String
    public var entityID: String
    public var field: String
    public var winnerValue: String
    public var winnerHLC: String
    public var winnerDevice: String
    public var loserValue: String
    public var loserHLC: String
    public var loserDevice: String
    public var loserUser: String?

    public init(
        seq: Int64, kind: String, entity: String, entityID: String, field: String, winnerValue: String,
        winnerHLC: String, winnerDevice: String, loserValue: String, loserHLC: String, loserDevice: String,
        loserUser: String? = nil
    ) {
        self.seq = seq
        self.kind = kind
        self.entity = entity
        self.entityID = entityID
        self.field = field
        self.winnerValue = winnerValue
        self.winnerHLC = winnerHLC
        self.winnerDevice = winnerDevice
        self.loserValue = loserValue
        self.loserHLC = loserHLC
        self.loserDevice = loserDevice
        self.loserUser = loserUser
    }
}

/// A change recorded on this device and not yet acknowledged by the server.
public struct LocalChange: Hashable, Sendable {
    public var deviceSeq: Int64
    public var changeID: String
    public var txID: Int64
    public var hlc: HLC
    public var baseHLC: HLC?
    public var deviceID: String
    public var kind: String
    public var entityID: String
    public var op: String
    public var field: String?
    /// The value as compact JSON text (`null` when none).
    public var valueJSON: String?
}

extension RemoteChange {
    /// Reads a logged change back as a pulled one (what another device receives), typing its value.
    ///
    /// Returns nil for an entity or field this version does not know (kept for later, SYNC.md 3.14).
    public init?(
        seq: Int64, changeID: String, entity: String, entityID: String, op: String, field: String?, valueJSON: String?,
        hlc: HLC, deviceID: String, userID: String? = nil
    ) {
        guard let kind = EntityKind(rawValue: entity), let id = RecordID(entityID),
            let operation = Operation(rawValue: op)
        else { return nil }
        var value = FieldValue.null
        var initial: [String: FieldValue] = [:]
        var customValue = JSONValue.null
        var customInitial: [String: JSONValue] = [:]
        if let field, FieldDefinition.key(ofWireField: field) != nil, FieldDefinition.customizable.contains(kind) {
            customValue = valueJSON.flatMap { JSONValue(jsonText: $0) } ?? .null
        } else if let field {
            guard let spec = kind.field(field) else { return nil }
            if let valueJSON {
                guard let typed = try? FieldValue(json: valueJSON, type: spec.type, field: field) else { return nil }
                value = typed
            }
        } else if operation == .create, let valueJSON {
            guard let typed = Self.initialFields(kind, json: valueJSON) else { return nil }
            initial = typed
            customInitial = Self.customFields(kind, json: valueJSON)
        }
        self.init(
            seq: seq, changeID: changeID, kind: kind, entityID: id, op: operation, field: field, value: value, hlc: hlc,
            deviceID: deviceID, userID: userID)
        self.initial = initial
        self.customValue = customValue
        self.customInitial = customInitial
    }

    /// The custom values among a create's initial fields, by key.
    static func customFields(_ kind: EntityKind, json: String) -> [String: JSONValue] {
        guard FieldDefinition.customizable.contains(kind), case .object(let object)? = JSONValue(jsonText: json) else {
            return [:]
        }
        var fields: [String: JSONValue] = [:]
        for (name, value) in object {
            if let key = FieldDefinition.key(ofWireField: name) { fields[key] = value }
        }
        return fields
    }

    /// Types the fields of a create's JSON object; fields this version does not know are left out.
    static func initialFields(_ kind: EntityKind, json: String) -> [String: FieldValue]? {
        guard case .object(let object)? = JSONValue(jsonText: json) else { return nil }
        var fields: [String: FieldValue] = [:]
        for (name, raw) in object {
            guard let spec = kind.field(name) else { continue }
            guard let value = try? FieldValue(json: raw, type: spec.type, field: name) else { return nil }
            fields[name] = value
        }
        return fields
    }
}
