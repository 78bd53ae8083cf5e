// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// Writes imported rows through the store's one write path (`Store.write` and its
/// `ChangeRecorder`), so every imported field is in the change log and syncs.
///
/// Each row is matched to an existing record first (its stable id, then its source
/// `external_id`, then its email for contacts or its name for companies) and updated if found,
/// so re-importing a file never duplicates, and a row already as the store has it writes
/// nothing (`unchanged`). References are resolved inside the same transaction: companies are
/// linked by source id or name (created when missing), owners by source user id, email or name
/// (`ImportOwners`), stages by name, a deal's or case's contact by source id or email. A source
/// id that names a record not imported yet is kept (`PendingReference`) and set when a later
/// file brings that record, so the files of an export can come in any order.
public struct StoreImportSink: ImportSink {
    public let store: Store
    public let kind: EntityKind
    /// The file being imported, kept with each pending reference for `crm import check`.
    public var file: String
    /// What to do with owners who are not team members yet.
    public var owners: OwnerPolicy
    /// Things worth telling the user that are not row failures (an owner that is not a user).
    public private(set) var notes: [String: Int] = [:]
    /// People the file names as owners that `owners` did not let the import create.
    public private(set) var missingOwners: Set<MissingOwner> = []
    /// References this file kept for records not imported yet.
    public private(set) var keptReferences = 0
    /// References earlier files kept that this file's records resolved.
    public private(set) var resolvedReferences = 0
    private let cache = References.Cache()
    /// The kind's custom fields by key, read at the first row that carries a custom value.
    private var customDefinitions: [String: FieldDefinition]?
    /// How cells of custom date fields are read (`--date-order`).
    public var dates = DateParser()
    /// The currency of custom money cells that name none.
    public var currency = "USD"

    public init(store: Store, kind: EntityKind, file: String = "", owners: OwnerPolicy = .create) {
        self.store = store
        self.kind = kind
        self.file = file
        self.owners = owners
    }

    /// Marks a single transaction that must not commit.
    struct Rollback: Error {}

    public mutating func write(
        batches next: () throws -> [ImportRow]?, transaction: ImportTransaction,
        report: (ImportRow, ImportOutcome) -> Void
    ) throws {
        let store = self.store
        try store.bulkLoading { try write(batches: next, in: transaction, report: report) }
    }

    private mutating func write(
        batches next: () throws -> [ImportRow]?, in transaction: ImportTransaction,
        report: (ImportRow, ImportOutcome) -> Void
    ) throws {
        switch transaction {
        case .perBatch:
            while let batch = try next() {
                let outcomes: [ImportOutcome]
                do {
                    outcomes = try store.write { recorder in
                        try prepare(batch, recorder)
                        let outcomes = try batch.map { try apply($0, recorder) }
                        try settle(recorder)
                        return outcomes
                    }
                } catch {
                    forget()
                    throw error
                }
                for (row, outcome) in zip(batch, outcomes) { report(row, outcome) }
            }
        case .single(let commit):
            do {
                try store.write { recorder in
                    var skipped = false
                    while let batch = try next() {
                        try prepare(batch, recorder)
                        for row in batch {
                            let outcome = try apply(row, recorder)
                            if case .skipped = outcome { skipped = true }
                            report(row, outcome)
                        }
                        try settle(recorder)
                    }
                    if skipped || !commit { throw Rollback() }
                }
            } catch is Rollback {
                forget()
            } catch {
                forget()
                throw error
            }
        }
    }

    /// Reads which of the batch's match keys the store holds (one query per key kind), and
    /// creates the companies its rows name that do not exist yet, before any row is written.
    ///
    /// Creating those companies first matters for speed: a record's search rowid is its number
    /// times 8 plus a kind code, so a new company's rowid is far below the contacts' just
    /// written, and FTS5 flushes its pending index to a new segment whenever a rowid goes down.
    /// Created between contacts (one per 10 rows in the benchmark file), every company cost a
    /// flush and its merges: a quarter of the import's CPU at 100,000 rows. Created first, they
    /// cost at most one flush per batch. The companies created, and their order, are those the
    /// rows would have created one by one.
    private func prepare(_ batch: [ImportRow], _ recorder: ChangeRecorder) throws {
        cache.matches = try BatchMatches(recorder: recorder, kind: kind, rows: batch)
        guard kind == .contact || kind == .deal || kind == .supportCase else { return }
        try References(recorder: recorder, cache: cache).createCompanies(for: batch)
    }

    /// Drops what a rolled-back transaction may have put in the cache (companies and team
    /// members it created).
    private func forget() {
        cache.companies = [:]
        cache.companyNames = [:]
        cache.users = [:]
        cache.sourceUsers = [:]
        cache.written = [:]
        cache.matches = nil
        cache.history = [:]
        cache.historyTouched = []
    }

    /// Sets the references earlier files kept for the records this batch wrote (by their source ids).
    ///
    /// Runs inside the batch's transaction. One indexed probe per batch when nothing
    /// waits for this kind.
    private mutating func settle(_ recorder: ChangeRecorder) throws {
        defer { cache.written = [:] }
        if kind == .stageChange { try StageHistoryImport(recorder: recorder, cache: cache).rechain() }
        guard [.company, .contact, .user, .deal, .supportCase].contains(kind), !cache.written.isEmpty,
            try recorder.hasPending(target: kind)
        else { return }
        for reference in try recorder.pending(target: kind, among: cache.written.keys) {
            guard let id = cache.written[reference.sourceID] else { continue }
            if try recorder.exists(reference.entity, reference.entityID) {
                try recorder.update(reference.entity, id: reference.entityID, [reference.field: .text(id.rawValue)])
            }
            try recorder.dropPending(reference.entity, reference.entityID, field: reference.field)
            resolvedReferences += 1
        }
    }

    /// Writes one row; returns why it was skipped instead of throwing for problems of the row.
    mutating func apply(_ row: ImportRow, _ recorder: ChangeRecorder) throws -> ImportOutcome {
        if kind == .user {
            let outcome = try ImportOwners(recorder: recorder, cache: cache, policy: owners)
                .importUser(row, missing: &missingOwners)
            if let source = row[text: "external_id"], let id = cache.sourceUsers[source] { cache.written[source] = id }
            return outcome
        }
        var references = References(recorder: recorder, cache: cache)
        if kind == .stageChange {
            return try StageHistoryImport(recorder: recorder, cache: cache).apply(row, references: references)
        }
        var fields = row.fields.filter { kind.field($0.key) != nil }
        var pending: [Pending] = []
        let custom: [String: JSONValue]
        do {
            custom = try customValues(row, recorder)
            try resolve(row, into: &fields, pending: &pending, references: &references, recorder: recorder)
        } catch let problem as RowProblem {
            return .skipped(problem.message)
        } catch let problem as DomainError {
            return .skipped(problem.description)
        }
        // The recorder validates every field before it writes or ticks the clock, so a refused
        // row leaves nothing behind and the batch goes on.
        do {
            let id: RecordID
            let outcome: ImportOutcome
            if let existing = try references.existing(kind, row: row) {
                fields.removeValue(forKey: "created_at")
                outcome = try recorder.update(kind, id: existing, fields) ? .updated : .unchanged
                id = existing
            } else {
                id = row.id ?? recorder.newID()
                switch kind {
                case .deal: try Store.addDeal(fields, id: id, in: recorder)
                case .supportCase: try Store.openCase(fields, id: id, in: recorder)
                default: try recorder.create(kind, id: id, fields)
                }
                outcome = .created
            }
            let customChanged = try recorder.setCustom(kind, id: id, custom)
            if customChanged, outcome == .unchanged { return .updated }
            for link in pending {
                try recorder.keepPending(
                    PendingReference(
                        entity: kind, entityID: id, field: link.field, target: link.target, sourceID: link.source,
                        file: file, line: row.line))
            }
            keptReferences += pending.count
            if let source = row[text: "external_id"] { cache.written[source] = id }
            return outcome
        } catch let error as StoreError {
            switch error {
            case .invalid, .missingRequired, .unknownField: return .skipped(error.description)
            default: throw error
            }
        }
    }

    /// The row's custom-field cells (`custom.<key>` text) as values of their definitions;
    /// throws a `DomainError` naming the field for a cell that does not fit.
    private mutating func customValues(_ row: ImportRow, _ recorder: ChangeRecorder) throws -> [String: JSONValue] {
        let cells = row.fields.filter { $0.key.hasPrefix(FieldDefinition.prefix) }
        guard !cells.isEmpty else { return [:] }
        if customDefinitions == nil {
            customDefinitions = Dictionary(
                try recorder.fieldDefinitions(of: kind).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var values: [String: JSONValue] = [:]
        for (field, cell) in cells {
            guard let key = FieldDefinition.key(ofWireField: field), let definition = customDefinitions?[key] else {
                continue
            }
            values[key] = try CustomColumns.value(cell.plainText, for: definition, dates: dates, currency: currency)
        }
        return values
    }

    /// A reference field the row could not set yet: the source id of its missing record.
    struct Pending {
        let field: String
        let target: EntityKind
        let source: String
    }

    private mutating func resolve(
        _ row: ImportRow, into fields: inout [String: FieldValue], pending: inout [Pending],
        references: inout References, recorder: ChangeRecorder
    ) throws {
        func link(_ field: String, _ target: EntityKind, _ found: References.Link) {
            switch found {
            case .found(let id): fields[field] = .text(id.rawValue)
            case .pending(let source): pending.append(Pending(field: field, target: target, source: source))
            case .none: break
            }
        }
        if kind == .contact || kind == .deal || kind == .supportCase || kind == .activity {
            link("company_id", .company, try references.company(row))
        }
        try resolveOwner(row, into: &fields, pending: &pending, recorder: recorder)
        if kind == .deal || kind == .supportCase || kind == .activity {
            link("contact_id", .contact, try references.contact(row))
        }
        if kind == .activity {
            link("deal_id", .deal, try references.deal(row))
            link("case_id", .supportCase, try references.supportCase(row))
            if let object = row[text: ImportRow.Reference.unimportedObject], fields["contact_id"] == nil {
                notes["activities about a \(object), which crm does not import, have no contact", default: 0] += 1
            }
        }
        guard kind == .deal else { return }
        guard let stageName = row[text: ImportRow.Reference.stage], let stage = try references.stage(stageName) else {
            throw RowProblem(message: "unknown stage '\(row[text: ImportRow.Reference.stage] ?? "")'")
        }
        fields["stage_id"] = .text(stage.rawValue)
        // Only a won or lost deal is closed, whatever the file says (`addDeal` says the same on a
        // create; an update must not close an open deal either).
        if !cache.closingStages.contains(stage) {
            fields.removeValue(forKey: "closed_at")
        } else if fields["closed_at"] == nil, let closed = row.fields[ImportRow.Reference.closeTime] {
            fields["closed_at"] = closed
        }
    }

    /// The owner (a case's assignee): by the source's user id, else by email or name.
    private mutating func resolveOwner(
        _ row: ImportRow, into fields: inout [String: FieldValue], pending: inout [Pending], recorder: ChangeRecorder
    ) throws {
        let field = kind == .supportCase ? "assignee_id" : "owner_id"
        let members = ImportOwners(recorder: recorder, cache: cache, policy: owners)
        let handle = row[text: ImportRow.Reference.ownerEmail] ?? row[text: ImportRow.Reference.ownerName]
        if let source = row[text: ImportRow.Reference.ownerExternalID] {
            if let user = try members.member(source: source) {
                fields[field] = .text(user.rawValue)
                return
            }
            if handle == nil { return pending.append(Pending(field: field, target: .user, source: source)) }
        }
        guard let handle else { return }
        if let user = try members.member(handle: handle, missing: &missingOwners) {
            fields[field] = .text(user.rawValue)
        } else {
            notes["owner '\(handle)' is not a team member; rows imported without an owner", default: 0] += 1
        }
    }

    struct RowProblem: Error { let message: String }
}
