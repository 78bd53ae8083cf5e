// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// Finds the records an import row refers to, inside the import's write transaction.
///
/// Company, user and stage lookups are cached in `cache` for the whole import (a million contacts
/// name maybe a hundred thousand companies, a handful of owners and stages).
struct References {
    let recorder: ChangeRecorder
    let cache: Cache

    /// Lookups already made in this import; only valid while its transactions commit.
    final class Cache {
        /// Companies by folded name.
        var companies: [String: RecordID] = [:]
        /// Companies by the name as the file spells it: a file names each company on many rows,
        /// and folding a name with accents costs more than the lookup.
        var companyNames: [String: RecordID] = [:]
        var users: [String: RecordID?] = [:]
        /// Team members by the source's user id (`OwnerId`).
        var sourceUsers: [String: RecordID] = [:]
        /// The records the batch being written has, by their source id: what kept references
        /// waiting for them resolve to.
        var written: [String: RecordID] = [:]
        var stages: [String: RecordID]?
        /// The won and lost stages: a deal in one of them is closed.
        var closingStages: Set<RecordID> = []
        /// The match keys of the batch being written (nil: ask per row).
        var matches: BatchMatches?
        /// The stage changes a history file wrote or found, by deal (`StageHistoryImport`).
        var history: [RecordID: Set<RecordID>] = [:]
        /// The deals the batch being written gave history rows to.
        var historyTouched: Set<RecordID> = []
    }

    /// The record this row updates: its stable id, its source id, or (contacts) its email or (companies) its name.
    ///
    /// Each lookup runs only when the batch's `BatchMatches` says it may find something.
    func existing(_ kind: EntityKind, row: ImportRow) throws -> RecordID? {
        let matches = cache.matches
        if let id = row.id, matches?.mayMatch(.id, row) ?? true, try recorder.exists(kind, id) { return id }
        if kind.field("external_id") != nil, let external = row[text: "external_id"],
            matches?.mayMatch(.externalID, row) ?? true,
            let id = try recorder.first(kind, where: .externalID, is: external)
        {
            return id
        }
        switch kind {
        case .contact:
            guard let email = row[text: "email"], matches?.mayMatch(.email, row) ?? true else { return nil }
            return try recorder.first(kind, where: .email, is: email)
        case .company:
            guard let name = row[text: "name"], matches?.mayMatch(.nameKey, row) ?? true else { return nil }
            return try recorder.first(kind, where: .nameKey, is: TextKey.fold(name))
        default:
            return nil
        }
    }

    /// The company a contact or deal row names, by source id, else by name (created if missing).
    ///
    /// A source id that names no company yet, on a row without a company name, is `.pending`: the
    /// row keeps the reference for the Accounts file to resolve. (With a name, the company is
    /// linked or created by name, and the Accounts file later finds it by that name.)
    func company(_ row: ImportRow) throws -> Link {
        if let external = row[text: ImportRow.Reference.companyExternalID],
            let id = try recorder.first(.company, where: .externalID, is: external)
        {
            return .found(id)
        }
        if let id = try companyByName(row) { return .found(id) }
        return row[text: ImportRow.Reference.companyExternalID].map(Link.pending) ?? .none
    }

    /// What a row's reference to another record came to.
    enum Link: Equatable {
        case found(RecordID)
        /// The source id of a record not imported yet.
        case pending(String)
        case none
    }

    private func companyByName(_ row: ImportRow) throws -> RecordID? {
        guard let name = row[text: ImportRow.Reference.company] else { return nil }
        if let cached = cache.companyNames[name] { return cached }
        let key = TextKey.fold(name)
        if let cached = cache.companies[key] {
            cache.companyNames[name] = cached
            return cached
        }
        do {
            let id = try Store.companyID(named: name, in: recorder)
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
    /// is not in the store is created straight away, as `Store.companyID(named:in:)` would
    /// after finding nothing; any other name goes through that function. A name that cannot be
    /// created is left for its row, which then reports why.
    func createCompanies(for rows: [ImportRow]) throws {
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
        let keys = names.map { TextKey.fold($0) }
        let present = Set(try recorder.present(.company, .nameKey, among: Set(keys)))
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
                    let id = try Store.companyID(named: name, in: recorder)
                    cache.companies[key] = id
                    cache.companyNames[name] = id
                } catch is StoreError {}
            }
        }
    }

    /// True when `Store.resolve` can only look `name` up by its folded name: it has a
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
            ? try recorder.first(.user, where: .email, is: handle)
            : try recorder.first(.user, where: .name, is: handle)
        cache.users[handle.lowercased()] = id
        return id
    }

    /// A pipeline stage by name, case and accents ignored.
    func stage(_ name: String) throws -> RecordID? {
        if cache.stages == nil {
            var stages: [String: RecordID] = [:]
            for stage in try recorder.liveStages() {
                stages[TextKey.fold(stage.name)] = stage.id
                if stage.kind != .open { cache.closingStages.insert(stage.id) }
            }
            cache.stages = stages
        }
        return cache.stages?[TextKey.fold(name)]
    }

    /// An activity's deal, by source id (`.pending` when not imported yet).
    func deal(_ row: ImportRow) throws -> Link {
        guard let external = row[text: ImportRow.Reference.dealExternalID] else { return .none }
        return try recorder.first(.deal, where: .externalID, is: external).map(Link.found) ?? .pending(external)
    }

    /// An activity's case, by the stable id its source id gives it (`.pending` when not imported yet).
    func supportCase(_ row: ImportRow) throws -> Link {
        guard let external = row[text: ImportRow.Reference.caseExternalID] else { return .none }
        if let stable = row[text: ImportRow.Reference.caseID].flatMap(RecordID.init),
            try recorder.exists(.supportCase, stable)
        {
            return .found(stable)
        }
        return .pending(external)
    }

    /// A deal's, case's or activity's contact, by source id (`.pending` when not imported yet), else by email.
    func contact(_ row: ImportRow) throws -> Link {
        if let external = row[text: ImportRow.Reference.contactExternalID] {
            return try recorder.first(.contact, where: .externalID, is: external).map(Link.found) ?? .pending(external)
        }
        guard let email = row[text: ImportRow.Reference.contactEmail] else { return .none }
        return try recorder.first(.contact, where: .email, is: email).map(Link.found) ?? .none
    }
}
