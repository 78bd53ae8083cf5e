// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore
import GRDB

/// Finds the records an import row refers to, inside the import's write transaction.
///
/// Company, user and stage lookups are cached in `cache` for the whole import (a million contacts
/// name maybe a hundred thousand companies, a handful of owners and stages).
struct References {
    let db: Database
    let cache: Cache

    /// Lookups already made in this import; only valid while its transactions commit.
    final class Cache {
        var companies: [String: RecordID] = [:]
        var users: [String: RecordID?] = [:]
        var stages: [String: RecordID]?
    }

    /// The record this row updates: its stable id, its source id, or (contacts) its email or (companies) its name.
    func existing(_ kind: EntityKind, row: ImportRow) throws -> RecordID? {
        if let id = row.id, try exists(kind, id) { return id }
        if let external = row[text: "external_id"], let id = try first(kind, "external_id = ?", [external]) {
            return id
        }
        switch kind {
        case .contact:
            guard let email = row[text: "email"] else { return nil }
            return try first(kind, "email = ? COLLATE NOCASE", [email])
        case .company:
            guard let name = row[text: "name"] else { return nil }
            return try first(kind, "name_key = ?", [TextKey.fold(name)])
        default:
            return nil
        }
    }

    /// The company a contact or deal row names, by source id, else by name (created if missing).
    func company(_ row: ImportRow, recorder: ChangeRecorder) throws -> RecordID? {
        if let external = row[text: ImportRow.Reference.companyExternalID],
            let id = try first(.company, "external_id = ?", [external])
        {
            return id
        }
        guard let name = row[text: ImportRow.Reference.company] else { return nil }
        let key = TextKey.fold(name)
        if let cached = cache.companies[key] { return cached }
        do {
            let id = try CRMStore.companyID(named: name, in: recorder)
            cache.companies[key] = id
            return id
        } catch let error as StoreError {
            throw StoreImportSink.RowProblem(message: "company '\(name)': \(error)")
        }
    }

    /// A user by email, else by exact name (case-insensitive).
    func user(_ handle: String) throws -> RecordID? {
        if let cached = cache.users[handle.lowercased()] { return cached }
        let id =
            handle.contains("@")
            ? try first(.user, "email = ? COLLATE NOCASE", [handle])
            : try first(.user, "name = ? COLLATE NOCASE", [handle])
        cache.users[handle.lowercased()] = id
        return id
    }

    /// A pipeline stage by name, case and accents ignored.
    func stage(_ name: String) throws -> RecordID? {
        if cache.stages == nil {
            var stages: [String: RecordID] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM stages WHERE deleted = 0") {
                if let id = RecordID(row["id"] as String) { stages[TextKey.fold(row["name"] as String)] = id }
            }
            cache.stages = stages
        }
        return cache.stages?[TextKey.fold(name)]
    }

    /// A deal row's contact, by source id, else by email.
    func contact(_ row: ImportRow) throws -> RecordID? {
        if let external = row[text: ImportRow.Reference.contactExternalID],
            let id = try first(.contact, "external_id = ?", [external])
        {
            return id
        }
        guard let email = row[text: ImportRow.Reference.contactEmail] else { return nil }
        return try first(.contact, "email = ? COLLATE NOCASE", [email])
    }

    func exists(_ kind: EntityKind, _ id: RecordID) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM \(kind.table) WHERE id = ?")
        return try Bool.fetchOne(statement, arguments: [id.rawValue]) ?? false
    }

    func first(_ kind: EntityKind, _ condition: String, _ arguments: StatementArguments) throws -> RecordID? {
        // Cached: an import runs these few statements once or twice per row.
        let statement = try db.cachedStatement(
            sql: "SELECT id FROM \(kind.table) WHERE deleted = 0 AND \(condition) ORDER BY num LIMIT 1")
        return try String.fetchOne(statement, arguments: arguments).flatMap(RecordID.init)
    }
}
