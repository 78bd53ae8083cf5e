// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Reads, parses, maps and validates CSV rows on a thread of its own and hands ready batches to
/// the importer through a bounded `BatchQueue`.
///
/// The SQLite writer is single-threaded and was also doing all the CSV work between its writes;
/// on a two-core machine the reader now runs beside it, so the writer only writes. The queue's
/// bound (`depth` batches) keeps memory flat for any file size: when the writer is slower, the
/// reader waits.
///
/// Every row keeps the line it starts on (the reader counts physical lines, the mapper names
/// them in its `RowIssue`s), so batch boundaries never shift a reported line. A file error (an
/// unclosed quote, an oversized field, invalid UTF-8) arrives after every whole batch before it
/// and the issues of the batch it cut short, whose good rows are dropped; then nothing more.
public final class BatchProducer {
    /// Rows mapped from one stretch of the file, with the rows that could not be mapped.
    public struct Batch: Sendable {
        /// The good rows, in file order.
        public var rows: [ImportRow] = []
        /// The rows that failed mapping or validation, in file order, each with its line.
        public var issues: [RowIssue] = []
        /// Bytes of the file read when the batch was handed over (for the progress bar).
        public var bytesRead = 0
    }

    enum Message: Sendable {
        case batch(Batch)
        case failed(InterchangeError)
    }

    private let queue: BatchQueue<Message>
    private var finished = false

    /// Starts reading `stream` on a new thread, `batchSize` good rows per batch.
    ///
    /// At most `depth` batches wait ahead of the consumer. The caller must not touch `stream` again.
    public init<Source: ByteSource>(stream: CSVRowStream<Source>, batchSize: Int, depth: Int = 4, label: String) {
        let queue = BatchQueue<Message>(capacity: depth)
        self.queue = queue
        let handoff = Handoff(RowSource(next: stream.next, bytesRead: { stream.bytesRead }))
        let size = max(1, batchSize)
        let thread = Thread { Self.produce(handoff.value, batchSize: size, label: label, into: queue) }
        thread.name = "crm.import.reader"
        thread.start()
    }

    deinit { stop() }

    /// The next batch in file order; nil after the last; throws the file error that ended the
    /// reading, after every batch before it.
    public func next() throws(InterchangeError) -> Batch? {
        guard !finished, let message = queue.take() else {
            finished = true
            return nil
        }
        switch message {
        case .batch(let batch):
            return batch
        case .failed(let error):
            finished = true
            throw error
        }
    }

    /// Stops the reader (when the consumer gives up early) and waits until its thread has let go
    /// of the file; harmless after the end.
    public func stop() {
        queue.cancel()
        queue.waitUntilClosed()
        finished = true
    }

    /// A `CSVRowStream` without its byte-source type, which the reader thread need not know.
    struct RowSource {
        let next: () throws -> Result<ImportRow, RowIssue>?
        let bytesRead: () -> Int
    }

    private static func produce(_ stream: RowSource, batchSize: Int, label: String, into queue: BatchQueue<Message>) {
        defer { queue.close() }
        var batch = Batch()
        batch.rows.reserveCapacity(batchSize)
        func handOver() -> Bool {
            batch.bytesRead = stream.bytesRead()
            defer {
                batch = Batch()
                batch.rows.reserveCapacity(batchSize)
            }
            return queue.put(.batch(batch))
        }
        do {
            while let outcome = try stream.next() {
                switch outcome {
                case .success(let row): batch.rows.append(row)
                case .failure(let issue): batch.issues.append(issue)
                }
                if batch.rows.count >= batchSize || batch.issues.count >= batchSize {
                    guard handOver() else { return }
                }
            }
            if !batch.rows.isEmpty || !batch.issues.isEmpty { _ = handOver() }
        } catch {
            // The rows of the batch the error interrupts are not handed over: an import stopped
            // by a file error keeps only whole batches (and the CLI writes nothing for a small
            // file that is broken); the issues met are still reported.
            batch.rows = []
            if !batch.issues.isEmpty {
                guard handOver() else { return }
            }
            queue.put(.failed(error as? InterchangeError ?? .readFailed(path: label, reason: "\(error)")))
        }
    }
}

/// Moves a value that is not `Sendable` to the one thread that uses it from then on.
///
/// `CSVRowStream` is a reference type with mutable parsing state, so it cannot be `Sendable`;
/// the importer creates it (reading the header, so a bad header fails before any thread starts)
/// and gives it, captured by the `RowSource` closures, to the reader thread without keeping a
/// reference it uses again.
struct Handoff<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
