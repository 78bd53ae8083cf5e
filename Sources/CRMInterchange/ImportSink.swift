// crm — a terminal-first CRM. Licensed under the MIT License.

/// What happened to one row handed to an `ImportSink`.
public enum ImportOutcome: Sendable, Equatable {
    case created
    case updated
    /// Matched an existing record whose fields were already as the row says: nothing written.
    case unchanged
    /// Not written, with the reason (e.g. an owner email that names no user).
    case skipped(String)
}

/// How an import groups its writes into transactions.
public enum ImportTransaction: Sendable, Equatable {
    /// One transaction per batch: good rows are in even when a later batch fails.
    case perBatch
    /// One transaction for the whole import, committed only if every row was written and
    /// `commit` is true (`--strict` commits, `--dry-run` never does).
    case single(commit: Bool)
}

/// Where imported rows are written: the store's one write path in the CLI, memory in tests.
///
/// The sink resolves references (company by name or source id, owner by email, stage by name),
/// matches existing records (by the row's stable id, else by email) so that re-importing a file
/// updates instead of duplicating, and writes each record with its change-log entries.
public protocol ImportSink {
    /// Writes the batches `next` hands out, calling `report` once per row.
    ///
    /// In `.single` mode the sink rolls everything back if any row is skipped or `commit` is false.
    mutating func write(
        batches next: () throws -> [ImportRow]?, transaction: ImportTransaction,
        report: (ImportRow, ImportOutcome) -> Void
    ) throws
}
