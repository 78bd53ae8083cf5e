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
        /// Companies by folded name.
        var companies: [String: RecordID] = [:]
        /// Companies by the name as the file spells it: a file names each company on many rows,
        /// and folding a name with accents costs more than the lookup.
        var companyNames: [String: RecordID] = [:]
        var users: [String: RecordID?] = [:]
        var stages: [String: RecordID]?
        /// The match keys of the batch being written (nil: ask per row).
        var matches: BatchMatches?
    }

    /// The record this row updates: its stable id, its source id, or (contacts) its email or (companies) its name.
    ///
    /// Each lookup runs only when the batch's `BatchMatches` says it may find something.
    func existing(_ kind: EntityKind, row: ImportRow) throws -> RecordID? {
        let matches = cache.matches
        if let id = row.id, matches?.mayMatch(.id, row) ?? true, try exists(kind, id) { return id }
        if let external = row[text: "external_id"], matches?.mayMatch(.externalID, row) ?? true,
            let id = try first(kind, "external_id = ?", [external])
        {
            return id
        }
        switch kind {
        case .contact:
            guard let email = row[text: "email"], matches?.mayMatch(.email, row) ?? true else { return nil }
            return try first(kind, "email = ? COLLATE NOCASE", [email])
        case .company:
            guard let name = row[text: "name"], matches?.mayMatch(.nameKey, row) ?? true else { return nil }
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
        if let cached = cache.companyNames[name] { return cached }
        let key = TextKey.fold(name)
        if let cached = cache.companies[key] {
            cache.companyNames[name] = cached
            return cached
        }
        do {
            let id = try CRMStore.companyID(named: name, in: recorder)
            cache.companies[key] = id
            cache.companyNames[name] = id
            return id
        } catch let error as StoreError {
            throw StoreImportSink.RowProblem(message: "company '\(name)': \(error)")
        }
    }

    /// Creates the companies that `rows` name by name and that do not exist yet, before the rows
    /// themselves are written (`StoreImportSink.prepare` says why), in row order.
    ///
    /// One query finds which names exist. A name that is plainly a name (see `isPlainName`) and
    /// is not in the store is created straight away, as `CRMStore.companyID(named:in:)` would
    /// after finding nothing; any other name goes through that function. A name that cannot be
    /// created is left for its row, which then reports why.
    func createCompanies(for rows: [ImportRow], recorder: ChangeRecorder) throws {
        var names: [String] = []
        var seen: Set<String> = []
        for row in rows where row[text: ImportRow.Reference.companyExternalID] == nil {
            if let name = row[text: ImportRow.Reference.company], cache.companyNames[name] == nil,
                seen.insert(name).inserted
            {
                names.append(name)
            }
        }
        guard !names.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: "SELECT name_key FROM companies WHERE deleted = 0 AND name_key IN (SELECT value FROM json_each(?))")
        let keys = names.map { TextKey.fold($0) }
        let json = "[" + Set(keys).map(JSONText.quote).joined(separator: ",") + "]"
        let present = Set(try String.fetchAll(statement, arguments: [json]))
        for (name, key) in zip(names, keys) {
            if let id = cache.companies[key] {
                cache.companyNames[name] = id
            } else if Self.isPlainName(name), !present.contains(key) {
                let id = recorder.newID()
                do {
                    try recorder.create(.company, id: id, ["name": .text(name.trimmed())])
                } catch is StoreError {
                    continue
                }
                cache.companies[key] = id
                cache.companyNames[name] = id
            } else {
                do {
                    let id = try CRMStore.companyID(named: name, in: recorder)
                    cache.companies[key] = id
                    cache.companyNames[name] = id
                } catch is StoreError {}
            }
        }
    }

    /// True when `CRMStore.resolve` can only look `name` up by its folded name: it has a
    /// character that is no digit, hex digit, `-` or `#`, so it is no `#12` number, no record id
    /// and no id prefix (companies are not resolved by email).
    static func isPlainName(_ name: String) -> Bool {
        name.contains { !$0.isNumber && !$0.isHexDigit && $0 != "-" && $0 != "#" }
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
