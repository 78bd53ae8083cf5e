// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// A local change the server refused (SYNC.md scenario 19): what, why and when.
public struct Refusal: Hashable, Sendable {
    public var changeID: String
    public var kind: String
    public var entityID: String
    public var op: String
    public var field: String?
    /// The refused value as JSON text (a create's initial fields), kept so it can be re-created.
    public var value: String?
    /// The record's name, title or subject when the change was refused.
    public var label: String?
    public var code: String
    public var message: String
    public var refusedAt: Int64
}

extension Store {
    /// Records refusals and puts the records back to what the server holds.
    ///
    /// A refused create means the server holds nothing of the record, and a change to a kind the
    /// user may not write means the device should hold nothing of it either (`hidden`): the local
    /// row goes, with its search entry, and only the refusal keeps its text. A refused edit of a
    /// kind the user may see keeps the row; the next pull brings the server's value of any field a
    /// teammate changes. Nothing here is logged: the server already counted these changes.
    public func recordRefusals(_ notices: [RejectedChange], hidden: (EntityKind) -> Bool) throws {
        guard !notices.isEmpty else { return }
        try writer.write { db in
            for notice in notices {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM change_log WHERE change_id = ?", arguments: [notice.changeID])
                else { continue }
                let entity: String = row["entity"]
                let entityID: String = row["entity_id"]
                let op: String = row["op"]
                let kind = EntityKind(rawValue: entity)
                let label = try kind.flatMap { kind in
                    try String.fetchOne(
                        db, sql: "SELECT \(Self.labelColumn(kind)) FROM \(kind.table) WHERE id = ?",
                        arguments: [entityID])
                }
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO sync_refused (change_id, device_seq, entity, entity_id, op, field, value,
                            label, code, message, refused_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        notice.changeID, row["device_seq"], entity, entityID, op, row["field"], row["value"], label,
                        notice.code, notice.message, clock(),
                    ])
                if let kind, op == "create" || hidden(kind) { try Self.removeLocally(db, kind: kind, id: entityID) }
            }
        }
    }

    /// Drops a record the server does not hold from this device, without logging it.
    static func removeLocally(_ db: Database, kind: EntityKind, id: String) throws {
        guard let num = try Int64.fetchOne(db, sql: "SELECT num FROM \(kind.table) WHERE id = ?", arguments: [id])
        else { return }
        try Derived.removeFromSearch(db, kind: kind, num: num)
        try db.execute(sql: "DELETE FROM \(kind.table) WHERE num = ?", arguments: [num])
    }

    /// Refused changes, newest first.
    public func refusals() throws -> [Refusal] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_refused ORDER BY refused_at DESC, device_seq DESC").map {
                Refusal(
                    changeID: $0["change_id"], kind: $0["entity"], entityID: $0["entity_id"], op: $0["op"],
                    field: $0["field"], value: $0["value"], label: $0["label"], code: $0["code"],
                    message: $0["message"], refusedAt: $0["refused_at"])
            }
        }
    }

    /// How many refusals wait for the user.
    public func refusalCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_refused") ?? 0 }
    }

    /// Forgets refusals, once the user has seen them; returns how many went.
    ///
    /// Those whose change id starts with `prefix` (at least 4 characters), or all with nil.
    @discardableResult
    public func discardRefusals(matching prefix: String?) throws -> Int {
        try writer.write { db in
            if let prefix {
                let matches = try String.fetchAll(
                    db, sql: "SELECT change_id FROM sync_refused WHERE change_id LIKE ?",
                    arguments: [prefix.lowercased() + "%"])
                guard prefix.count >= 4, !matches.isEmpty else {
                    throw StoreError.conflict(
                        "no refused change matches '\(prefix)'; crm sync refused lists them with their ids")
                }
                guard matches.count == 1 else {
                    throw StoreError.conflict(
                        "'\(prefix)' matches \(matches.count) refused changes; give more of the id")
                }
                try db.execute(sql: "DELETE FROM sync_refused WHERE change_id = ?", arguments: [matches[0]])
                return 1
            }
            try db.execute(sql: "DELETE FROM sync_refused")
            return db.changesCount
        }
    }
}
