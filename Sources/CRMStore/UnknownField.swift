// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// A pulled value this version cannot store yet: a field, or a whole kind, added by a newer crm.
///
/// Dropping it would be silent data loss the day this device upgrades, and worse, the device
/// could never tell the server it had lost it (LWW is per field, so nothing it writes would
/// erase it either). So it is kept in `unknown_fields` with its clock, newest `(hlc, device)`
/// winning, never touched by local edits, and merged into the record once a version that knows
/// the field opens the database (SYNC.md 3.14, scenario 22).
public struct UnknownField: Hashable, Sendable {
    /// A create's initial values, as one JSON object, for a kind this version does not know.
    public static let create = "_create"
    /// A delete (`true`) or restore (`false`) of a record of an unknown kind.
    public static let deleted = "_deleted"

    /// The setting holding the last migration at whose open the kept values were merged.
    static let checkedKey = "unknown_fields.checked_schema"

    public var entity: String
    public var entityID: String
    public var field: String
    /// The value as JSON text.
    public var valueJSON: String
    public var hlc: HLC
    public var deviceID: String

    public init(entity: String, entityID: String, field: String, valueJSON: String, hlc: HLC, deviceID: String) {
        self.entity = entity
        self.entityID = entityID
        self.field = field
        self.valueJSON = valueJSON
        self.hlc = hlc
        self.deviceID = deviceID
    }

    /// What of a pulled change this version cannot apply.
    ///
    /// That is the unknown kind's whole change, or a create's unknown members one by one, or the
    /// unknown field of a set; empty when all is known.
    public static func unknownParts(
        entity: String, entityID: String, op: String, field: String?, valueJSON: String?, hlc: HLC, deviceID: String
    ) -> [UnknownField] {
        let make = { (name: String, json: String) in
            UnknownField(
                entity: entity, entityID: entityID, field: name, valueJSON: json, hlc: hlc, deviceID: deviceID)
        }
        guard let kind = EntityKind(rawValue: entity) else {
            switch op {
            case "create": return [make(create, valueJSON ?? "{}")]
            case "delete", "restore": return [make(deleted, op == "delete" ? "true" : "false")]
            default: return field.map { [make($0, valueJSON ?? "null")] } ?? []
            }
        }
        if let field {
            return isKnown(kind, field) ? [] : [make(field, valueJSON ?? "null")]
        }
        guard op == "create", let valueJSON, let object = JSONValue.members(ofObject: valueJSON) else { return [] }
        return object.filter { !isKnown(kind, $0.key) }.sorted { $0.key < $1.key }.map { make($0.key, $0.value) }
    }

    /// Whether this version can store `field` of `kind`: a schema field, or a custom value of a
    /// kind that has custom fields (kept whatever definition this device holds, issue 19).
    public static func isKnown(_ kind: EntityKind, _ field: String) -> Bool {
        if kind.field(field) != nil { return true }
        return FieldDefinition.key(ofWireField: field) != nil && FieldDefinition.customizable.contains(kind)
    }

    /// Keeps the value unless the stored one has a later `(hlc, device)`.
    func store(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO unknown_fields (entity, entity_id, field, value, hlc, device_id) VALUES (?,?,?,?,?,?)
                ON CONFLICT (entity, entity_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc,
                    device_id = excluded.device_id
                WHERE excluded.hlc > unknown_fields.hlc
                    OR (excluded.hlc = unknown_fields.hlc AND excluded.device_id > unknown_fields.device_id)
                """
        ).execute(arguments: [entity, entityID, field, valueJSON, hlc.rawValue, deviceID])
    }

    /// The kept values this version now knows, as pulled changes to merge (creates first).
    ///
    /// Their rows are removed. Run when a database is opened, so an upgrade materialises them.
    static func materialise(_ db: Database) throws -> [RemoteChange] {
        var changes: [RemoteChange] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM unknown_fields ORDER BY field != '\(create)', hlc") {
            let field: String = row["field"]
            let value: String = row["value"]
            let (op, name, json): (String, String?, String?) =
                switch field {
                case create: ("create", nil, value)
                case deleted: (value == "true" ? "delete" : "restore", nil, nil)
                default: ("set", field, value)
                }
            guard
                let change = RemoteChange(
                    seq: 0, changeID: "", entity: row["entity"], entityID: row["entity_id"], op: op, field: name,
                    valueJSON: json, hlc: HLC(rawValue: row["hlc"]), deviceID: row["device_id"])
            else { continue }
            changes.append(change)
            try db.execute(
                sql: "DELETE FROM unknown_fields WHERE entity = ? AND entity_id = ? AND field = ?",
                arguments: [row["entity"], row["entity_id"], field])
        }
        return changes
    }
}
