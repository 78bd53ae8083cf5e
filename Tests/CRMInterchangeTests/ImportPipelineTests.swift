// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@testable import CRMInterchange

/// The import pipeline: the reader thread hands mapped batches to the writer through a bounded
/// queue; line numbers, `--strict`, `--dry-run` and file errors must not depend on where the
/// batches happen to break.
@Suite struct ImportPipelineTests {
    /// A contact file of `count` rows (1-based row numbers) and the line each row starts on.
    ///
    /// Every third row before `unterminated`
    /// has a quoted two-line name, so lines and row numbers drift apart; the rows in `bad` have an
    /// invalid email; row `unterminated` opens a quote that is never closed. `lines[0]` is unused.
    static func file(_ count: Int, bad: Set<Int> = [], unterminated: Int? = nil) -> (text: String, lines: [Int]) {
        var text = "Id,Name,Email\n"
        var lines = [0]
        var line = 2
        for row in 1...count {
            lines.append(line)
            let email = bad.contains(row) ? "bad-\(row)-at-example" : "p\(row)@example.com"
            if row == unterminated {
                text += "c\(row),\"Name \(row),\(email)\n"
            } else if row % 3 == 0 && (unterminated.map { row < $0 } ?? true) {
                text += "c\(row),\"Name \(row)\nsecond line\",\(email)\n"
                line += 1
            } else {
                text += "c\(row),Name \(row),\(email)\n"
            }
            line += 1
        }
        return (text, lines)
    }

    private func run(
        _ text: String, batchSize: Int, strict: Bool = false, dryRun: Bool = false, sink: inout MemoryImportSink
    ) throws -> ImportReport {
        let path = try temporaryFile(text)
        var progress: ProgressBar? = nil
        let importer = CSVImporter(
            options: .init(kind: .contact, preset: .salesforce), dryRun: dryRun, strict: strict, batchSize: batchSize,
            queueDepth: 2)
        return try importer.run(path: path, into: &sink, progress: &progress)
    }

    @Test func badRowLinesAreRightAcrossBatchBoundaries() throws {
        let bad: Set<Int> = [1, 7, 8, 14, 15, 21, 30, 59, 60]
        let (text, lines) = Self.file(60, bad: bad)
        var reports: [ImportReport] = []
        for size in [1, 7, 1000] {
            var sink = MemoryImportSink()
            let report = try run(text, batchSize: size, sink: &sink)
            #expect(report.skipped.map(\.line) == bad.sorted().map { lines[$0] }, "batch size \(size)")
            #expect(report.created == 60 - bad.count)
            #expect(sink.records.count == 60 - bad.count)
            reports.append(report)
        }
        #expect(lines[60] == 80)
        #expect(reports.allSatisfy { $0.skipped == reports[0].skipped && $0.created == reports[0].created })
        let row30 = try #require(reports[1].skipped.first { $0.line == lines[30] })
        #expect(row30.reason.contains("'bad-30-at-example' is not an email address"))
    }

    @Test func strictWritesNothingWhenOnlyALateBatchHasABadRow() throws {
        let (text, lines) = Self.file(100, bad: [96])
        var sink = MemoryImportSink()
        let report = try run(text, batchSize: 10, strict: true, sink: &sink)
        #expect(sink.rowsApplied == 90)
        #expect(sink.records.isEmpty)
        #expect(!report.committed)
        #expect(report.created == 0 && report.updated == 0)
        #expect(report.skipped.map(\.line) == [lines[96]])
        #expect(report.render().contains("(strict: nothing written)"))
    }

    @Test func strictReportsEveryBadRowOfTheFileAndOnlyThose() throws {
        let (text, lines) = Self.file(100, bad: [45, 46, 99])
        var sink = MemoryImportSink()
        let report = try run(text, batchSize: 10, strict: true, sink: &sink)
        #expect(report.skipped.map(\.line) == [lines[45], lines[46], lines[99]])
        #expect(sink.records.isEmpty)
    }

    /// Batches of 10: rows 1–80 are whole batches before the error and stay; 81–86 share a batch
    /// with the broken row 87 and are not written.
    @Test func anUnclosedQuoteLateInTheFileStopsAtItsLine() throws {
        let (text, lines) = Self.file(100, unterminated: 87)
        let message = "line \(lines[87]): a quoted field is never closed; add the missing \" or remove the stray one"

        var sink = MemoryImportSink()
        let report = try run(text, batchSize: 10, sink: &sink)
        #expect(report.stoppedEarly)
        #expect(report.notes == ["stopped early: \(message)"])
        #expect(report.committed)
        #expect(report.created == 80)
        #expect(sink.records.count == 80)
        #expect(sink.records[RecordID.stable(namespace: "import:contact:salesforce", name: "c80")] != nil)
        #expect(sink.records[RecordID.stable(namespace: "import:contact:salesforce", name: "c81")] == nil)

        var strictSink = MemoryImportSink()
        #expect(throws: InterchangeError.unterminatedQuote(line: lines[87])) {
            try run(text, batchSize: 10, strict: true, sink: &strictSink)
        }
        #expect(strictSink.rowsApplied > 0)
        #expect(strictSink.records.isEmpty)

        var drySink = MemoryImportSink()
        let dry = try run(text, batchSize: 10, dryRun: true, sink: &drySink)
        #expect(dry.stoppedEarly && !dry.committed)
        #expect(drySink.records.isEmpty)
    }

    @Test func aWriterThatFailsStopsTheReaderAndKeepsEarlierBatches() throws {
        let (text, _) = Self.file(5000)
        var sink = MemoryImportSink()
        sink.failAtBatch = 2
        let report = try run(text, batchSize: 10, sink: &sink)
        #expect(report.stoppedEarly)
        #expect(report.notes.first?.hasPrefix("stopped early: Refused") == true)
        #expect(sink.records.count == 10)
    }

    @Test func theQueueKeepsOrderAndNeverHoldsMoreThanItsCapacity() throws {
        let queue = BatchQueue<Int>(capacity: 3)
        let producer = Thread {
            for value in 1...200 { queue.put(value) }
            queue.close()
        }
        producer.start()
        var taken: [Int] = []
        var most = 0
        while true {
            // Four times, let the producer run into the bound before taking on.
            if taken.count % 50 == 0 && taken.count < 200 {
                queue.waitUntilProducerBlocked()
                #expect(queue.count == 3, "full when the producer blocks, after \(taken.count) taken")
            }
            most = max(most, queue.count)
            guard let value = queue.take() else { break }
            taken.append(value)
        }
        #expect(taken == Array(1...200))
        #expect(most == 3, "the queue filled to its capacity and never beyond")
    }

    final class Token: Sendable {}

    /// A queue that never runs empty (the reader is faster than the writer) must still let go of
    /// what was taken; at 1,000,000 rows holding on cost 600 MiB.
    @Test func takenElementsAreReleasedWhileTheQueueStaysFull() throws {
        let queue = BatchQueue<Token>(capacity: 2)
        queue.put(Token())
        queue.put(Token())
        weak var first: Token?
        do {
            let taken = queue.take()
            first = taken
            #expect(first != nil)
        }
        queue.put(Token())
        #expect(queue.count == 2)
        #expect(first == nil)
    }

    @Test func cancelReleasesAProducerBlockedOnAFullQueue() throws {
        let queue = BatchQueue<Int>(capacity: 1)
        let results = BatchQueue<Bool>(capacity: 2)
        let producer = Thread {
            results.put(queue.put(1))
            results.put(queue.put(2))
            queue.close()
        }
        producer.start()
        #expect(results.take() == true)
        queue.waitUntilProducerBlocked()
        #expect(results.count == 0, "the second put is still waiting for room")
        queue.cancel()
        #expect(results.take() == false)
        queue.waitUntilClosed()
        #expect(queue.take() == nil)
    }
}
