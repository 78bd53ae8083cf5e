// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Foundation
import Testing

@Suite struct CSVImporterTests {
    static let contacts = """
        Id,Name,Email,Phone
        c1,Ann Able,ann@example.com,555-0101
        c2,Bob Bad,bob-at-example,555-0102
        c3,Cy Clean,cy@example.com,555-0103
        ,Dee NoId,dee@example.com,555-0104
        """

    private func run(_ text: String, strict: Bool = false, dryRun: Bool = false, sink: inout MemoryImportSink) throws
        -> ImportReport
    {
        let path = try temporaryFile(text)
        var progress: ProgressBar? = nil
        let importer = CSVImporter(
            options: .init(kind: .contact, preset: .salesforce), dryRun: dryRun, strict: strict, batchSize: 2)
        return try importer.run(path: path, into: &sink, progress: &progress)
    }

    @Test func defaultModeImportsGoodRowsAndReportsEveryBadOne() throws {
        var sink = MemoryImportSink()
        let report = try run(Self.contacts, sink: &sink)
        #expect(report.created == 3)
        #expect(
            report.skipped == [
                RowIssue(
                    line: 3,
                    reason: "column 'Email': 'bob-at-example' is not an email address (expected name@example.com)")
            ])
        #expect(report.committed)
        #expect(sink.records.count == 3)
        #expect(sink.transactions == 2)
        #expect(report.render().contains("skipped line 3: column 'Email'"))
    }

    @Test func strictModeWritesNothingWhenAnyRowIsBad() throws {
        var sink = MemoryImportSink()
        let report = try run(Self.contacts, strict: true, sink: &sink)
        #expect(sink.records.isEmpty)
        #expect(!report.committed)
        #expect(report.skipped.map(\.line) == [3])
        #expect(report.render().contains("(strict: nothing written)"))
    }

    @Test func strictModeRollsBackWhenTheSinkSkipsARow() throws {
        var sink = MemoryImportSink()
        sink.owners = ["boss@ourco.com"]
        let text =
            "Id,Name,Email,Owner.Email\nc1,Ann,ann@example.com,boss@ourco.com\nc2,Bo,bo@example.com,ghost@ourco.com\n"
        let report = try run(text, strict: true, sink: &sink)
        #expect(sink.records.isEmpty)
        #expect(!report.committed)
        #expect(report.skipped == [RowIssue(line: 3, reason: "owner 'ghost@ourco.com' is not a user")])
    }

    @Test func strictModeWritesEverythingInOneTransactionWhenAllRowsAreGood() throws {
        var sink = MemoryImportSink()
        let report = try run(
            "Id,Name,Email\nc1,Ann,ann@example.com\nc2,Bo,bo@example.com\nc3,Cy,cy@example.com\n", strict: true,
            sink: &sink)
        #expect(report.committed)
        #expect(sink.records.count == 3)
        #expect(sink.transactions == 1)
    }

    @Test func dryRunReportsTheSameCountsAndWritesNothing() throws {
        var sink = MemoryImportSink()
        let report = try run(Self.contacts, dryRun: true, sink: &sink)
        #expect(report.created == 3)
        #expect(report.skipped.count == 1)
        #expect(sink.records.isEmpty)
        #expect(report.render().contains("created would be: 3"))
    }

    @Test func reimportUpdatesInsteadOfDuplicating() throws {
        var sink = MemoryImportSink()
        _ = try run(Self.contacts, sink: &sink)
        let again = try run(Self.contacts.replacingOccurrences(of: "Ann Able", with: "Ann Able-Baker"), sink: &sink)
        #expect(again.created == 0)
        #expect(again.updated == 3)
        #expect(sink.records.count == 3)
        let ann = sink.records[RecordID.stable(namespace: "import:contact:salesforce", name: "c1")]
        #expect(ann?["name"] == .text("Ann Able-Baker"))
    }

    @Test func headerWithNoKnownColumnIsRefused() throws {
        var sink = MemoryImportSink()
        let path = try temporaryFile("Foo,Bar,Baz\n1,2,3\n")
        var progress: ProgressBar? = nil
        #expect(throws: InterchangeError.noKnownColumns(headers: ["Foo", "Bar", "Baz"])) {
            try CSVImporter(options: .init(kind: .contact)).run(path: path, into: &sink, progress: &progress)
        }
        #expect(sink.records.isEmpty)
    }

    @Test func missingFileIsRefused() throws {
        var sink = MemoryImportSink()
        var progress: ProgressBar? = nil
        #expect(throws: InterchangeError.fileNotFound(path: "/no/such/file.csv")) {
            try CSVImporter(options: .init(kind: .contact)).run(
                path: "/no/such/file.csv", into: &sink, progress: &progress)
        }
    }

    @Test func binaryFileIsRefusedBeforeWriting() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("export.zip")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]).write(to: url)
        var sink = MemoryImportSink()
        var progress: ProgressBar? = nil
        #expect(throws: InterchangeError.self) {
            try CSVImporter(options: .init(kind: .contact)).run(path: url.path, into: &sink, progress: &progress)
        }
        let message =
            "\(InterchangeError.binaryFile(kind: "a ZIP archive or an .xlsx workbook; unzip it or save the sheet as CSV"))"
        #expect(message.contains("save the sheet as CSV"))
    }

    @Test func unterminatedQuoteStopsTheImportAndKeepsEarlierBatchesInDefaultMode() throws {
        var sink = MemoryImportSink()
        let text = "Id,Name,Email\nc1,Ann,ann@example.com\nc2,Bo,bo@example.com\nc3,\"Cy,cy@example.com\n"
        let report = try run(text, sink: &sink)
        #expect(report.stoppedEarly)
        #expect(
            report.notes == [
                "stopped early: line 4: a quoted field is never closed; add the missing \" or remove the stray one"
            ])
        #expect(sink.records.count == 2)
        var strictSink = MemoryImportSink()
        #expect(throws: InterchangeError.unterminatedQuote(line: 4)) { try run(text, strict: true, sink: &strictSink) }
        #expect(strictSink.records.isEmpty)
    }

    @Test func mapOverridesAndValidatesColumns() throws {
        let headers = ["Nom", "Courriel", "Société"]
        let mapping = try ColumnMapping(
            headers: headers, kind: .contact, preset: nil, map: "Nom=name, Courriel=email,Société=company")
        #expect(mapping.columns["name"] == [0])
        #expect(mapping.columns["email"] == [1])
        #expect(mapping.columns["company"] == [2])
        #expect(throws: InterchangeError.self) {
            try ColumnMapping(headers: headers, kind: .contact, preset: nil, map: "Nom=nickname")
        }
        #expect(throws: InterchangeError.self) {
            try ColumnMapping(headers: headers, kind: .contact, preset: nil, map: "Missing=name")
        }
        let skipped = try ColumnMapping(headers: ["Name", "Email"], kind: .contact, preset: nil, map: "Email=skip")
        #expect(skipped.columns["email"] == nil)
        #expect(skipped.unmapped == ["Email"])
    }

    @Test func progressBarLine() {
        let line = ProgressBar.line(rows: 45_000, bytes: 450, total: 1000, elapsed: 9)
        #expect(line == "[##########..............]  45%  45,000 rows  5,000 rows/s  ETA 0:11")
        var output: [String] = []
        var quiet = ProgressBar(totalBytes: 10, enabled: false, now: 0) { output.append($0) }
        quiet.update(rows: 1, bytes: 5, now: 1)
        #expect(output.isEmpty)
        var loud = ProgressBar(totalBytes: 10, enabled: true, now: 0) { output.append($0) }
        loud.update(rows: 1, bytes: 5, now: 1)
        loud.finish()
        #expect(output.count == 2)
    }
}
