// crm — a terminal-first CRM. Licensed under the MIT License.

/// Runs a CSV import: a `BatchProducer` reads and maps the file on its own thread while this
/// thread writes the batches it hands over through an `ImportSink`, and builds the `ImportReport`.
///
/// Modes: by default each batch is its own transaction, good rows go in and every bad row is
/// reported; a file error (an unclosed quote, say) stops the import keeping the batches completed
/// before it (the rows of the batch it cuts short are not written, so a small broken file writes
/// nothing). `strict` writes everything in one transaction as the
/// rows arrive and rolls it back at the first bad row (then reads on, to report every bad row),
/// so nothing is written unless every row is good; a file error is thrown as before anything was
/// written. `dryRun` runs the same writes in one transaction and rolls it back, so the report's
/// created/updated counts are exactly what a real run would do.
public struct CSVImporter {
    public var options: CSVImportOptions
    public var dryRun: Bool
    public var strict: Bool
    public var batchSize: Int
    /// How many mapped batches the reader may hold ready ahead of the writer.
    public var queueDepth: Int

    public init(
        options: CSVImportOptions, dryRun: Bool = false, strict: Bool = false, batchSize: Int = 2000,
        queueDepth: Int = 4
    ) {
        self.options = options
        self.dryRun = dryRun
        self.strict = strict
        self.batchSize = max(1, batchSize)
        self.queueDepth = max(1, queueDepth)
    }

    /// Imports the file at `path` into `sink`; throws only for errors found before anything is
    /// written (and, with `strict`, for a file error anywhere, since strict then writes nothing).
    public func run(path: String, into sink: inout some ImportSink, progress: inout ProgressBar?) throws -> ImportReport
    {
        let stream = try CSVRowStream(path: path, options: options)
        var report = ImportReport(file: path, kind: options.kind.rawValue)
        report.dryRun = dryRun
        report.strict = strict
        describe(stream, in: &report)
        let blank = report
        let producer = BatchProducer(stream: stream, batchSize: batchSize, depth: queueDepth, label: path)
        defer { producer.stop() }
        let transaction: ImportTransaction = strict || dryRun ? .single(commit: !dryRun) : .perBatch
        var rows = 0
        do {
            try sink.write(
                batches: {
                    while let batch = try Self.read(producer) {
                        batch.issues.forEach { report.skip($0) }
                        if strict, !batch.issues.isEmpty { throw StrictRefusal(issues: batch.issues) }
                        rows += batch.rows.count
                        progress?.update(rows: rows + report.skipped.count, bytes: batch.bytesRead)
                        if !batch.rows.isEmpty { return batch.rows }
                    }
                    return nil
                }, transaction: transaction,
                report: { row, outcome in
                    switch outcome {
                    case .created: report.created += 1
                    case .updated: report.updated += 1
                    case .unchanged: report.unchanged += 1
                    case .skipped(let reason): report.skip(RowIssue(line: row.line, reason: reason))
                    }
                })
            report.committed = !dryRun && (!strict || report.skipped.isEmpty)
        } catch let refused as StrictRefusal {
            report = try refusal(blank, first: refused.issues, producer: producer, progress: &progress)
        } catch let failure as ReaderFailure {
            if strict { throw failure.error }
            stop(&report, transaction: transaction, reason: failure.error)
        } catch {
            stop(&report, transaction: transaction, reason: error)
        }
        progress?.finish()
        return report
    }

    /// A file error from the reader thread, told apart from the sink's own errors.
    struct ReaderFailure: Error { let error: InterchangeError }

    /// `--strict` met bad rows (the first batch that has any); the transaction is rolled back.
    struct StrictRefusal: Error { let issues: [RowIssue] }

    private static func read(_ producer: BatchProducer) throws -> BatchProducer.Batch? {
        do { return try producer.next() } catch { throw ReaderFailure(error: error) }
    }

    private func stop(_ report: inout ImportReport, transaction: ImportTransaction, reason: any Error) {
        report.committed = transaction == .perBatch && report.created + report.updated > 0
        report.notes.append("stopped early: \(reason)")
        report.stoppedEarly = true
    }

    /// The report of a `--strict` import that met bad rows.
    ///
    /// It lists every bad row of the file (the rest is read to the end) and nothing created,
    /// updated or committed: the same report as if the file had been checked whole before
    /// writing. No batch before `first` had a bad row.
    private func refusal(
        _ blank: ImportReport, first: [RowIssue], producer: BatchProducer, progress: inout ProgressBar?
    ) throws -> ImportReport {
        var report = blank
        first.forEach { report.skip($0) }
        var rows = 0
        while let batch = try producer.next() {
            batch.issues.forEach { report.skip($0) }
            rows += batch.rows.count
            progress?.update(rows: rows + report.skipped.count, bytes: batch.bytesRead)
        }
        return report
    }

    private func describe<S>(_ stream: CSVRowStream<S>, in report: inout ImportReport) {
        report.preset = stream.mapping.preset?.rawValue
        report.encoding = stream.encoding.rawValue
        report.delimiter = String(stream.delimiter)
        report.unmappedColumns = stream.mapping.unmapped
    }
}
