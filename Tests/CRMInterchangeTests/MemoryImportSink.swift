// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange

/// An `ImportSink` over a dictionary, with the store's matching rules: by the row's stable id,
/// else by email; transactions are copies of the dictionary that are kept or dropped.
struct MemoryImportSink: ImportSink {
    var records: [RecordID: [String: FieldValue]] = [:]
    var owners: Set<String> = []
    var transactions = 0
    /// Rows applied, including those of transactions later dropped.
    var rowsApplied = 0
    /// Throws `Refused` when handed batch number `failAtBatch` (1-based), as a store error would.
    var failAtBatch: Int?
    private var batches = 0

    struct Refused: Error {}

    mutating func write(
        batches next: () throws -> [ImportRow]?, transaction: ImportTransaction,
        report: (ImportRow, ImportOutcome) -> Void
    ) throws {
        let before = records
        var skippedAny = false
        do {
            while let batch = try next() {
                batches += 1
                if batches == failAtBatch { throw Refused() }
                if transaction == .perBatch { transactions += 1 }
                for row in batch {
                    let outcome = apply(row)
                    if case .skipped = outcome { skippedAny = true }
                    report(row, outcome)
                }
            }
        } catch {
            if transaction != .perBatch { records = before }
            throw error
        }
        if case .single(let commit) = transaction {
            transactions += 1
            if !commit || skippedAny { records = before }
        }
    }

    private mutating func apply(_ row: ImportRow) -> ImportOutcome {
        rowsApplied += 1
        if let owner = row[text: ImportRow.Reference.ownerEmail], !owners.isEmpty, !owners.contains(owner) {
            return .skipped("owner '\(owner)' is not a user")
        }
        let byEmail = row[text: "email"].flatMap { email in records.first { $0.value["email"]?.text == email }?.key }
        let id = row.id.flatMap { records[$0] == nil ? nil : $0 } ?? byEmail
        if let id {
            records[id]?.merge(row.fields) { _, new in new }
            return .updated
        }
        records[row.id ?? RecordID.make()] = row.fields
        return .created
    }
}
