// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Reads local transactions back out of the change log, and what a field held before one.
///
/// Undo keeps no copy of old values: a field's earlier value is the newest entry for that
/// record and field with an older HLC, in `change_log` (ours) or `remote_log` (pulled), which
/// is the value last-writer-wins kept then (Docs/ARCHITECTURE.md, "Undo").
enum TransactionLog {
    /// One logged change of a local transaction.
    struct Entry {
        var seq: Int64
        var hlc: HLC
        var kind: EntityKind
        var entityID: String
        var op: String
        var field: String?
        var value: String?
    }

    /// What a field held before a given HLC, or that this device's logs do not say.
    enum Prior: Equatable {
        case value(FieldValue)
        case unknown
    }

    /// The newest transaction's number, nil when this device wrote nothing yet.
    static func last(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT tx_id FROM change_log ORDER BY device_seq DESC LIMIT 1")
    }

    /// The transaction before `tx` (transactions are contiguous runs of device sequences).
    static func before(_ db: Database, _ tx: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT tx_id FROM change_log WHERE device_seq = ?", arguments: [tx - 1])
    }

    /// The device sequence range of transaction `tx`; nil when there is none.
    static func range(_ db: Database, _ tx: Int64) throws -> ClosedRange<Int64>? {
        guard
            let first = try Int64.fetchOne(
                db, sql: "SELECT tx_id FROM change_log WHERE device_seq = ?", arguments: [tx]),
            first == tx
        else { return nil }
        let last =
            try Int64.fetchOne(
                db, sql: "SELECT MAX(device_seq) FROM change_log WHERE tx_id = ? AND device_seq >= ?",
                arguments: [tx, tx]) ?? tx
        return tx...last
    }

    /// The entries of transaction `tx` in log order, at most `limit`.
    static func entries(_ db: Database, _ tx: Int64, limit: Int = Int.max) throws -> [Entry] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT device_seq, hlc, entity, entity_id, op, field, value FROM change_log
                WHERE device_seq >= ? AND tx_id = ? ORDER BY device_seq LIMIT ?
                """, arguments: [tx, tx, limit])
        return rows.compactMap(entry)
    }

    /// The entries with device sequences `first...last` in log order (an import's transactions).
    static func entries(_ db: Database, from first: Int64, through last: Int64) throws -> [Entry] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT device_seq, hlc, entity, entity_id, op, field, value FROM change_log
                WHERE device_seq BETWEEN ? AND ? ORDER BY device_seq
                """, arguments: [first, last])
        return rows.compactMap(entry)
    }

    private static func entry(_ row: Row) -> Entry? {
        guard let kind = EntityKind(rawValue: row["entity"]) else { return nil }
        return Entry(
            seq: row["device_seq"], hlc: HLC(rawValue: row["hlc"]), kind: kind, entityID: row["entity_id"],
            op: row["op"], field: row["field"], value: row["value"])
    }

    /// The transaction `tx` undid, if it was an undo.
    static func undone(by tx: Int64, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT undoes FROM undo_marks WHERE tx_id = ?", arguments: [tx])
    }

    /// What `field` of the record held just before `hlc`: the newest earlier set, or the value
    /// in its create, from either log.
    static func prior(_ db: Database, _ kind: EntityKind, _ id: String, field: String, before hlc: HLC) throws -> Prior
    {
        guard let spec = kind.field(field) else { return .unknown }
        guard let found = try priorText(db, id, field: field, before: hlc) else { return .unknown }
        guard let text = found else { return .value(.null) }
        guard let value = try? FieldValue(json: text, type: spec.type, field: field) else { return .unknown }
        return .value(value)
    }

    /// A custom field's value just before `hlc`, as JSON; nil when the logs do not hold it.
    static func priorCustom(_ db: Database, _ id: String, field: String, before hlc: HLC) throws -> JSONValue? {
        guard let found = try priorText(db, id, field: field, before: hlc) else { return nil }
        guard let text = found else { return .null }
        return JSONValue(jsonText: text)
    }

    /// The JSON text of `field` just before `hlc` (`.some(nil)`: it had none); nil when unknown.
    private static func priorText(_ db: Database, _ id: String, field: String, before hlc: HLC) throws -> String?? {
        // Cached: an undo of a bulk action asks once per record and field.
        let device = try String.fetchOne(db.cachedStatement(sql: "SELECT device_id FROM clock WHERE id = 1")) ?? ""
        let filter = "entity_id = ? AND hlc < ? AND (op = 'create' OR (op = 'set' AND field = ?))"
        let statement = try db.cachedStatement(
            sql: """
                SELECT op, value FROM (
                    SELECT hlc, op, value, ? AS device FROM change_log WHERE \(filter)
                    UNION ALL
                    SELECT hlc, op, value, device_id FROM remote_log WHERE \(filter))
                ORDER BY hlc DESC, device DESC LIMIT 1
                """)
        guard
            let row = try Row.fetchOne(
                statement, arguments: [device, id, hlc.rawValue, field, id, hlc.rawValue, field])
        else { return nil }
        if (row["op"] as String) == "create" {
            guard let object = JSONValue.members(ofObject: row["value"] as String? ?? "{}") else { return nil }
            return .some(object[field])
        }
        return .some(row["value"])
    }

    /// Who wrote the change stamped `hlc` on a record, for "changed since by …": a teammate's
    /// name from the pulled log, "you" for this device (a later change of your own).
    static func author(_ db: Database, entityID: String, hlc: HLC, device: String) throws -> String {
        let own = try String.fetchOne(db, sql: "SELECT device_id FROM clock WHERE id = 1")
        if device == own { return "you" }
        let user = try String.fetchOne(
            db,
            sql: """
                SELECT u.name FROM remote_log r JOIN users u ON u.id = r.user_id
                WHERE r.entity_id = ? AND r.hlc = ? LIMIT 1
                """, arguments: [entityID, hlc.rawValue])
        return user.map { "\($0) on another device" } ?? "another device"
    }
}
