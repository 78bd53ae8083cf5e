// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// Writes imported rows through the store's one write path (`CRMStore.write` and its
/// `ChangeRecorder`), so every imported field is in the change log and syncs.
///
/// Each row is matched to an existing record first (its stable id, then its source
/// `external_id`, then its email for contacts or its name for companies) and updated if found,
/// so re-importing a file never duplicates. References are resolved inside the same transaction:
/// companies are linked by source id or name (created when missing), owners by user email or
/// name, stages by name, a deal's contact by source id or email.
public struct StoreImportSink: ImportSink {
    public let store: CRMStore
    public let kind: EntityKind
    /// Things worth telling the user that are not row failures (an owner that is not a user).
    public private(set) var notes: [String: Int] = [:]
    private let cache = References.Cache()

    public init(store: CRMStore, kind: EntityKind) {
        self.store = store
        self.kind = kind
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
                        return try batch.map { try apply($0, recorder) }
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
        guard kind == .contact || kind == .deal else { return }
        try References(recorder: recorder, cache: cache).createCompanies(for: batch)
    }

    /// Drops what a rolled-back transaction may have put in the cache (companies it created).
    private func forget() {
        cache.companies = [:]
        cache.companyNames = [:]
        cache.matches = nil
    }

    /// Writes one row; returns why it was skipped instead of throwing for problems of the row.
    mutating func apply(_ row: ImportRow, _ recorder: ChangeRecorder) throws -> ImportOutcome {
        var references = References(recorder: recorder, cache: cache)
        var fields = row.fields.filter { kind.field($0.key) != nil }
        do {
            try resolve(row, into: &fields, references: &references, recorder: recorder)
        } catch let problem as RowProblem {
            return .skipped(problem.message)
        }
        // The recorder validates every field before it writes or ticks the clock, so a refused
        // row leaves nothing behind and the batch goes on.
        do {
            if let existing = try references.existing(kind, row: row) {
                fields.removeValue(forKey: "created_at")
                try recorder.update(kind, id: existing, fields)
                return .updated
            }
            let id = row.id ?? recorder.newID()
            if kind == .deal {
                try CRMStore.addDeal(fields, id: id, in: recorder)
            } else {
                try recorder.create(kind, id: id, fields)
            }
            return .created
        } catch let error as StoreError {
            switch error {
            case .invalid, .missingRequired, .unknownField: return .skipped(error.description)
            default: throw error
            }
        }
    }

    private mutating func resolve(
        _ row: ImportRow, into fields: inout [String: FieldValue], references: inout References,
        recorder: ChangeRecorder
    ) throws {
        if kind == .contact || kind == .deal, let company = try references.company(row) {
            fields["company_id"] = .text(company.rawValue)
        }
        if let owner = row[text: ImportRow.Reference.ownerEmail] ?? row[text: ImportRow.Reference.ownerName] {
            if let user = try references.user(owner) {
                fields["owner_id"] = .text(user.rawValue)
            } else {
                notes["owner '\(owner)' is not a user; rows imported without an owner", default: 0] += 1
            }
        }
        guard kind == .deal else { return }
        guard let stageName = row[text: ImportRow.Reference.stage], let stage = try references.stage(stageName) else {
            throw RowProblem(message: "unknown stage '\(row[text: ImportRow.Reference.stage] ?? "")'")
        }
        fields["stage_id"] = .text(stage.rawValue)
        if fields["closed_at"] == nil, let closed = row.fields[ImportRow.Reference.closeTime] {
            fields["closed_at"] = closed  // kept only if the stage is won or lost (`addDeal`)
        }
        if let contact = try references.contact(row) { fields["contact_id"] = .text(contact.rawValue) }
    }

    struct RowProblem: Error { let message: String }
}
