// crm — a terminal-first CRM. Licensed under the MIT License.

/// Runs a CSV import: reads and maps the file in a stream, writes batches through an
/// `ImportSink`, and builds the `ImportReport`.
///
/// Modes: by default each batch is its own transaction, good rows go in and every bad row is
/// reported; `strict` first reads the whole file and writes nothing if any row is bad, then writes
/// everything in one transaction; `dryRun` runs the same writes in one transaction and rolls it
/// back, so the report's created/updated counts are exactly what a real run would do.
public struct CSVImporter {
    public var options: CSVImportOptions
    public var dryRun: Bool
    public var strict: Bool
    public var batchSize: Int

    public init(options: CSVImportOptions, dryRun: Bool = false, strict: Bool = false, batchSize: Int = 2000) {
        self.options = options
        self.dryRun = dryRun
        self.strict = strict
        self.batchSize = max(1, batchSize)
    }

    /// Imports the file at `path` into `sink`; throws only for errors found before anything is written.
    public func run(path: String, into sink: inout some ImportSink, progress: inout ProgressBar?) throws -> ImportReport
    {
        var report = ImportReport(file: path, kind: options.kind.rawValue)
        report.dryRun = dryRun
        report.strict = strict
        if strict {
            let issues = try validate(path: path, progress: &progress)
            guard issues.isEmpty else {
                issues.forEach { report.skip($0) }
                try describe(CSVRowStream(path: path, options: options), in: &report)
                return report
            }
        }
        let stream = try CSVRowStream(path: path, options: options)
        describe(stream, in: &report)
        let transaction: ImportTransaction = strict || dryRun ? .single(commit: !dryRun) : .perBatch
        var rows = 0
        do {
            try sink.write(
                batches: {
                    let batch = try nextBatch(stream, report: &report)
                    rows += batch?.count ?? 0
                    progress?.update(rows: rows + report.skipped.count, bytes: stream.bytesRead)
                    return batch
                }, transaction: transaction,
                report: { row, outcome in
                    switch outcome {
                    case .created: report.created += 1
                    case .updated: report.updated += 1
                    case .skipped(let reason): report.skip(RowIssue(line: row.line, reason: reason))
                    }
                })
            report.committed = !dryRun && (!strict || report.skipped.isEmpty)
        } catch {
            report.committed = transaction == .perBatch && report.created + report.updated > 0
            report.notes.append("stopped early: \(error)")
            report.stoppedEarly = true
        }
        progress?.finish()
        return report
    }

    private func describe<S>(_ stream: CSVRowStream<S>, in report: inout ImportReport) {
        report.preset = stream.mapping.preset?.rawValue
        report.encoding = stream.encoding.rawValue
        report.delimiter = String(stream.delimiter)
        report.unmappedColumns = stream.mapping.unmapped
    }

    private func nextBatch<S>(_ stream: CSVRowStream<S>, report: inout ImportReport) throws -> [ImportRow]? {
        var batch: [ImportRow] = []
        batch.reserveCapacity(batchSize)
        while batch.count < batchSize, let outcome = try stream.next() {
            switch outcome {
            case .success(let row): batch.append(row)
            case .failure(let issue): report.skip(issue)
            }
        }
        return batch.isEmpty ? nil : batch
    }

    /// Reads the whole file once and returns every row issue (the `--strict` pre-pass).
    func validate(path: String, progress: inout ProgressBar?) throws -> [RowIssue] {
        let stream = try CSVRowStream(path: path, options: options)
        var issues: [RowIssue] = []
        var rows = 0
        while let outcome = try stream.next() {
            rows += 1
            if case .failure(let issue) = outcome { issues.append(issue) }
            if rows % 4096 == 0 { progress?.update(rows: rows, bytes: stream.bytesRead) }
        }
        return issues
    }
}
