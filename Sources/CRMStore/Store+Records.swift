// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Creates a record of any kind through the one write path and returns its id.
    @discardableResult
    public func create(_ kind: EntityKind, _ fields: [String: FieldValue], id: RecordID = .make()) throws -> RecordID {
        try write { recorder in
            try recorder.create(kind, id: id, fields)
            return id
        }
    }

    /// Sets fields of a record; returns false when every value was already as given.
    @discardableResult
    public func update(_ kind: EntityKind, id: RecordID, _ fields: [String: FieldValue]) throws -> Bool {
        try write { recorder in try recorder.update(kind, id: id, fields) }
    }

    /// Soft-deletes a record (a tombstone that sync carries to every device).
    public func delete(_ kind: EntityKind, id: RecordID) throws {
        try write { recorder in try recorder.delete(kind, id: id) }
    }

    /// Every field of one record, as stored (for `show`, export and forms).
    public func fields(of kind: EntityKind, id: RecordID) throws -> [String: FieldValue] {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM \(kind.table) WHERE id = ?", arguments: [id.rawValue])
            else { throw StoreError.notFound(kind: kind, handle: id.rawValue) }
            return ChangeRecorder.values(of: kind, in: row)
        }
    }

    /// Finds the company with this name (case and accents ignored), creating it if there is none.
    public static func companyID(named name: String, in recorder: ChangeRecorder) throws -> RecordID {
        do {
            return try resolve(recorder.db, .company, name)
        } catch StoreError.notFound {
            let id = RecordID.make()
            try recorder.create(.company, id: id, ["name": .text(name.trimmed())])
            return id
        }
    }

    /// The user this device acts as, set by `crm init`.
    public func currentUser() throws -> User? {
        try read { db in
            guard let id = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'current_user'"),
                let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id])
            else { return nil }
            return RecordDecoding.user(row)
        }
    }

    /// Makes `id` the user this device acts as.
    public func setCurrentUser(_ id: RecordID) throws {
        try writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO settings (key, value) VALUES ('current_user', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [id.rawValue])
        }
    }

    /// Names the person this device acts as, in one transaction; returns the user's id.
    ///
    /// Updates the current user, or creates one (a manager: on a database nobody else has joined
    /// yet, its first user runs it) and makes it current. `crm init --user` and the TUI's
    /// first-run form both call this, so a user set up either way is the same.
    @discardableResult
    public func setUpCurrentUser(_ fields: [String: FieldValue]) throws -> RecordID {
        try write { recorder in
            let db = recorder.db
            if let current = try Self.currentUserID(db).flatMap(RecordID.init),
                try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [current.rawValue]) == true
            {
                _ = try recorder.update(.user, id: current, fields)
                return current
            }
            let id = RecordID.make()
            try recorder.create(.user, id: id, fields.merging(["role": .text("manager")]) { given, _ in given })
            try db.execute(
                sql:
                    "INSERT INTO settings (key, value) VALUES ('current_user', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [id.rawValue])
            return id
        }
    }

    /// All users, by name.
    public func users() throws -> [User] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users WHERE deleted = 0 ORDER BY name, num").map(
                RecordDecoding.user)
        }
    }

    /// This device's id: the HLC tie-breaker and the sync identity.
    public func deviceID() throws -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT device_id FROM clock WHERE id = 1") ?? "" }
    }
}
