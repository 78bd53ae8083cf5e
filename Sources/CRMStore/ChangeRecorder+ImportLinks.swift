// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The import's memory between the files of one export (migration `v12-references`): which team
/// member each source user id became, and the references still waiting for their record.
///
/// Both tables are local: the records and links they lead to are written through the recorder
/// and sync; these rows only let a later file find what an earlier one meant.
extension ChangeRecorder {
    /// The team member a source user id (`OwnerId`) became, if an import linked one.
    public func importedUser(source: String) throws -> RecordID? {
        let statement = try db.cachedStatement(sql: "SELECT user_id FROM import_users WHERE source_id = ?")
        return try String.fetchOne(statement, arguments: [source]).flatMap(RecordID.init)
    }

    /// Remembers that the source's user `source` is the team member `user`.
    public func linkImportedUser(source: String, to user: RecordID) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO import_users (source_id, user_id) VALUES (?, ?)
                ON CONFLICT(source_id) DO UPDATE SET user_id = excluded.user_id WHERE user_id <> excluded.user_id
                """
        ).execute(arguments: [source, user.rawValue])
    }

    /// Keeps a reference to a record not imported yet (replacing one kept for the same field).
    public func keepPending(_ reference: PendingReference) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO import_pending (entity, entity_id, field, target, source_id, file, line)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(entity, entity_id, field) DO UPDATE SET target = excluded.target,
                    source_id = excluded.source_id, file = excluded.file, line = excluded.line
                """
        ).execute(arguments: [
            reference.entity.rawValue, reference.entityID.rawValue, reference.field, reference.target.rawValue,
            reference.sourceID, reference.file, reference.line,
        ])
    }

    /// True when some kept reference waits for a record of `target` (one indexed probe, so an
    /// import with nothing pending pays nothing per row).
    public func hasPending(target: EntityKind) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM import_pending WHERE target = ?)")
        return try Bool.fetchOne(statement, arguments: [target.rawValue]) ?? false
    }

    /// The kept references waiting for records of `target` with one of these source ids.
    public func pending(target: EntityKind, among sources: some Collection<String>) throws -> [PendingReference] {
        guard !sources.isEmpty else { return [] }
        let statement = try db.cachedStatement(
            sql: """
                SELECT * FROM import_pending WHERE target = ? AND source_id IN (SELECT value FROM json_each(?))
                ORDER BY file, line
                """)
        let json = "[" + sources.map(JSONText.quote).joined(separator: ",") + "]"
        return try Row.fetchAll(statement, arguments: [target.rawValue, json]).compactMap(Self.pendingReference)
    }

    /// Forgets a kept reference (its record arrived, or the row now links it directly).
    public func dropPending(_ entity: EntityKind, _ id: RecordID, field: String) throws {
        try db.cachedStatement(sql: "DELETE FROM import_pending WHERE entity = ? AND entity_id = ? AND field = ?")
            .execute(arguments: [entity.rawValue, id.rawValue, field])
    }

    static func pendingReference(_ row: Row) -> PendingReference? {
        guard let entity = EntityKind(rawValue: row["entity"]), let id = RecordID(row["entity_id"] as String),
            let target = EntityKind(rawValue: row["target"])
        else { return nil }
        return PendingReference(
            entity: entity, entityID: id, field: row["field"], target: target, sourceID: row["source_id"],
            file: row["file"], line: row["line"])
    }
}

extension Store {
    /// Sets every kept reference whose record is here now (imported since by a file that did not
    /// resolve it, or a team member linked by a later Users import), in one transaction through
    /// the write path; returns how many were set.
    @discardableResult
    public func settlePendingReferences() throws -> Int {
        try write { recorder in
            let all = try Row.fetchAll(recorder.db, sql: "SELECT * FROM import_pending ORDER BY file, line")
                .compactMap(ChangeRecorder.pendingReference)
            var settled = 0
            for reference in all {
                // A case keeps no source id (its stable id comes from it instead), so a reference
                // to one is set only by the import of that case (`StoreImportSink` settles it).
                guard reference.target == .user || reference.target.field("external_id") != nil else { continue }
                let found =
                    reference.target == .user
                    ? try recorder.importedUser(source: reference.sourceID)
                    : try recorder.first(reference.target, where: .externalID, is: reference.sourceID)
                guard let found else { continue }
                if try recorder.exists(reference.entity, reference.entityID) {
                    try recorder.update(
                        reference.entity, id: reference.entityID, [reference.field: .text(found.rawValue)])
                }
                try recorder.dropPending(reference.entity, reference.entityID, field: reference.field)
                settled += 1
            }
            return settled
        }
    }

    /// Every reference an import kept because its record was not imported (yet), by file and line:
    /// what `crm import check` lists.
    public func pendingReferences() throws -> [PendingReference] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_pending ORDER BY file, line, field")
                .compactMap(ChangeRecorder.pendingReference)
        }
    }
}
