// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Takes in the server's team directory: each member by the server's id, inserted or updated.
    ///
    /// Users stay local records (never pushed: the server is their authority), so this writes
    /// the rows directly, without change-log entries. A member the directory no longer lists is
    /// kept (records may still name them); the server never deletes users, it deactivates them.
    public func mergeTeam(_ members: [User]) throws {
        try writer.write { db in
            let hlc = try Int64.fetchOne(db, sql: "SELECT last_hlc FROM clock WHERE id = 1") ?? 0
            for member in members {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO users (id, name, email, role, active, created_at, updated_at, deleted, hlc,
                            hlc_device)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 'server')
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email,
                            role = excluded.role, active = excluded.active, deleted = 0,
                            updated_at = excluded.updated_at
                        WHERE name IS NOT excluded.name OR email IS NOT excluded.email OR role IS NOT excluded.role
                            OR active IS NOT excluded.active OR deleted <> 0
                        """
                ).execute(arguments: [
                    member.id.rawValue, member.name, member.email, member.role, member.active, clock(), clock(), hlc,
                ])
            }
        }
    }

    /// Makes the server's account the user this device acts as (at login).
    ///
    /// A device may have worked offline as a local user made by `crm init` before it ever logged
    /// in: the records it owns, and the unpushed changes that name that local id, move to the
    /// server's id in the same transaction, so the team never sees an owner it does not know.
    public func adoptIdentity(_ server: User) throws {
        try writer.write { db in
            let previous = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'current_user'")
            let local = try previous.flatMap {
                try Row.fetchOne(db, sql: "SELECT name, email FROM users WHERE id = ?", arguments: [$0])
            }
            var member = server
            if let local, member.email == nil { member.email = local["email"] }
            try db.execute(
                sql: """
                    INSERT INTO users (id, name, email, role, active, created_at, updated_at, deleted, hlc, hlc_device)
                    VALUES (?, ?, ?, ?, 1, ?, ?, 0, 0, 'server')
                    ON CONFLICT(id) DO UPDATE SET role = excluded.role, deleted = 0
                    """,
                arguments: [member.id.rawValue, member.name, member.email, member.role, clock(), clock()])
            if let previous, previous != member.id.rawValue {
                try Self.moveReferences(db, from: previous, to: member.id.rawValue)
                try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [previous])
            }
            try Self.setSetting(db, "current_user", member.id.rawValue)
        }
    }

    /// Every reference to user `old` becomes `new`: rows, and the change log not yet pushed.
    static func moveReferences(_ db: Database, from old: String, to new: String) throws {
        for (table, column) in [
            ("contacts", "owner_id"), ("companies", "owner_id"), ("deals", "owner_id"), ("activities", "owner_id"),
            ("cases", "assignee_id"), ("stage_history", "user_id"),
        ] {
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(column) = ?", arguments: [new, old])
        }
        let acked = Int64(try setting(db, "sync.acked_through") ?? "0") ?? 0
        try db.execute(
            sql: "UPDATE change_log SET value = replace(value, ?, ?) WHERE device_seq > ? AND instr(value, ?) > 0",
            arguments: [old, new, acked, old])
        try moveNotificationMarks(db, from: old, to: new, acked: acked)
    }

    /// The user's notification marks not pushed yet move to the new user under the ids derived
    /// from it (`NotificationMark.recordID`), in the rows and the unpushed change log alike, so
    /// the server takes them as the user's own and the user's other devices converge on them.
    ///
    /// A mark already on the server (its create pushed) stays the old user's: it is theirs there.
    static func moveNotificationMarks(_ db: Database, from old: String, to new: String, acked: Int64) throws {
        let marks = try Row.fetchAll(
            db,
            sql: """
                SELECT num, id, notification_id FROM notification_marks m WHERE user_id = ? AND EXISTS (
                    SELECT 1 FROM change_log c WHERE c.entity = 'notification_mark' AND c.entity_id = m.id
                        AND c.op = 'create' AND c.device_seq > ?)
                """, arguments: [old, acked])
        for mark in marks {
            let id = NotificationMark.recordID(user: new, notificationID: mark["notification_id"]).rawValue
            try db.execute(
                sql: "UPDATE OR IGNORE notification_marks SET id = ?, user_id = ? WHERE num = ?",
                arguments: [id, new, mark["num"]])
            try db.execute(
                sql:
                    "UPDATE change_log SET entity_id = ? WHERE entity = 'notification_mark' AND entity_id = ? AND device_seq > ?",
                arguments: [id, mark["id"], acked])
        }
    }

    /// Every user this device knows, active or not, by name.
    public func team() throws -> [User] {
        try users()
    }

    /// Names of the people records point at, by id, for lists and reports.
    public func userNames() throws -> [RecordID: String] {
        Dictionary(try users().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Resolves a person someone typed: `me`, a #number, an id, an email, the exact name, or the
    /// start of one of the name's words ("ana" finds "Ana Rep") when only one person matches.
    ///
    /// With `forNewWork`, a deactivated teammate is refused, naming the active ones.
    public func resolveUser(_ handle: String, forNewWork: Bool = false) throws -> RecordID {
        let text = handle.trimmed()
        let team = try users()
        let id: RecordID
        if text.lowercased() == "me" {
            guard let me = try currentUser() else {
                throw StoreError.conflict("'me' needs a user: run crm init --user NAME, or crm sync login")
            }
            id = me.id
        } else if let exact = try? resolve(.user, text) {
            id = exact
        } else {
            let key = TextKey.fold(text)
            let matches = team.filter { user in
                TextKey.fold(user.name).split(separator: " ").contains { $0.hasPrefix(key) }
                    || TextKey.fold(user.name).hasPrefix(key)
            }
            guard let first = matches.first, !key.isEmpty else {
                throw StoreError.notFound(kind: .user, handle: handle)
            }
            guard matches.count == 1 else {
                let names = matches.prefix(6).map { "\($0.name)" + ($0.email.map { " <\($0)>" } ?? "") }
                throw StoreError.ambiguous(kind: .user, handle: handle, candidates: names)
            }
            id = first.id
        }
        if forNewWork, let user = team.first(where: { $0.id == id }), !user.active {
            throw StoreError.inactiveUser(name: user.name, active: team.filter(\.active).map(\.name))
        }
        return id
    }
}
