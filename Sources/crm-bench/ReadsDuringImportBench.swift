// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchangeStore
import CRMMeasure
import CRMStore
import Foundation

/// `crm contact list` and `crm search` as whole processes while a `--strict` import of `rows`
/// contacts runs in another `crm` process, next to the same reads with nothing running
/// (issue 22: under 1 s during the import).
///
/// A read counts as "during" only when the import still held the write lock after it answered.
/// `ImportConcurrencyTests` checks in `make test` that such reads succeed; this prints how long
/// they take.
struct ReadsDuringImportBench {
    let folder: URL
    let rows: Int
    static let base = 20_000
    static let maxSamples = 60

    func run(into report: inout BenchReport) throws {
        let crm = ProcessTimer.crm
        let db = folder.appendingPathComponent("reads-during-import.sqlite").path
        let baseCSV = folder.appendingPathComponent("reads-base.csv").path
        let importCSV = folder.appendingPathComponent("reads-import.csv").path
        try ImportBenchmark.writeContactsCSV(rows: Self.base, to: baseCSV, seed: 3)
        try ImportBenchmark.writeContactsCSV(rows: rows, to: importCSV, seed: 11)
        _ = try ProcessTimer.milliseconds(
            crm, ["--db", db, "init", "--user", "Bench User", "--email", "b@example.com"])
        _ = try ProcessTimer.milliseconds(crm, ["--db", db, "import", "csv", baseCSV, "--kind", "contact"])
        let reads: [(String, [String])] = [
            ("crm contact list --limit 20", ["--db", db, "contact", "list", "--limit", "20"]),
            ("crm search mar --limit 20", ["--db", db, "search", "mar", "--limit", "20"]),
        ]
        let idle = try reads.map { try ProcessTimer.samples(crm, $0.1, runs: 20) }
        let importer = Process()
        importer.executableURL = crm
        importer.arguments = ["--db", db, "import", "csv", importCSV, "--kind", "contact", "--strict"]
        importer.standardOutput = FileHandle.nullDevice
        let started = Date()
        try importer.run()
        defer { if importer.isRunning { importer.terminate() } }
        let pid = importer.processIdentifier
        while importer.isRunning, Store.writerProcess(path: db) != pid, Date().timeIntervalSince(started) < 300 {
            usleep(5_000)
        }
        var during: [[Double]] = reads.map { _ in [] }
        while importer.isRunning, during.map(\.count).min() ?? 0 < Self.maxSamples {
            for (index, read) in reads.enumerated() {
                let milliseconds = try ProcessTimer.milliseconds(crm, read.1)
                if importer.isRunning, Store.writerProcess(path: db) == pid { during[index].append(milliseconds) }
            }
        }
        importer.waitUntilExit()
        let importSeconds = Date().timeIntervalSince(started)
        guard importer.terminationStatus == 0 else { throw BenchError("the --strict import of \(rows) rows failed") }
        report.print(
            "\n== reads as whole processes during a --strict import of \(rows) contacts in another process "
                + "(onto \(Self.base); the import took \(String(format: "%.1f", importSeconds)) s, wall clock)")
        for (index, read) in reads.enumerated() {
            report.print(Measure.line("\(read.0), idle", idle[index]))
            let worst = LatencySummary(during[index]).max
            report.print(
                Measure.line(
                    "\(read.0), during the import", during[index],
                    target: String(format: "max %.0f ms (< 1000 ms)", during[index].isEmpty ? .nan : worst)))
        }
    }
}
