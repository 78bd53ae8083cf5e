// crm — a terminal-first CRM. Licensed under the MIT License.

/// Imports rows that are already mapped (vCards, which are read whole) with the same modes and
/// report as a CSV import: per-batch transactions by default, all or nothing with `strict`,
/// rolled back with `dryRun`.
public struct RowImporter {
    public var dryRun: Bool
    public var strict: Bool
    public var batchSize: Int

    public init(dryRun: Bool = false, strict: Bool = false, batchSize: Int = 2000) {
        self.dryRun = dryRun
        self.strict = strict
        self.batchSize = max(1, batchSize)
    }

    /// Writes the good rows into `sink` and reports every outcome.
    public func run(
        _ rows: [Result<ImportRow, RowIssue>], file: String, kind: String, into sink: inout some ImportSink
    ) throws -> ImportReport {
        var report = ImportReport(file: file, kind: kind)
        report.dryRun = dryRun
        report.strict = strict
        let good = rows.compactMap { try? $0.get() }
        for case .failure(let issue) in rows { report.skip(issue) }
        if strict && !report.skipped.isEmpty { return report }
        var offset = 0
        try sink.write(
            batches: {
                guard offset < good.count else { return nil }
                defer { offset += batchSize }
                return Array(good[offset..<min(good.count, offset + batchSize)])
            }, transaction: strict || dryRun ? .single(commit: !dryRun) : .perBatch,
            report: { row, outcome in
                switch outcome {
                case .created: report.created += 1
                case .updated: report.updated += 1
                case .unchanged: report.unchanged += 1
                case .skipped(let reason): report.skip(RowIssue(line: row.line, reason: reason))
                }
            })
        report.committed = !dryRun && (!strict || report.skipped.isEmpty)
        report.skipped.sort { $0.line < $1.line }
        return report
    }
}
