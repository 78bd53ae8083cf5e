// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchangeStore
import CRMStore
import Foundation
import GRDB

/// CSV import through the real path (reader, mapper, one write path) next to `sqlite3 .import`.
struct ImportBench {
    let folder: URL
    let rows: Int

    func run(into report: inout BenchReport) throws {
        let csv = folder.appendingPathComponent("import.csv").path
        try ImportBenchmark.writeContactsCSV(rows: rows, to: csv)
        let bare = folder.appendingPathComponent("import-bare.sqlite").path
        let baseline = try Measure.seconds {
            try StoreBench.shell("/usr/bin/sqlite3", [bare, ".import --csv \(csv) contacts"])
        }
        let store = try CRMStore.open(path: folder.appendingPathComponent("import.sqlite").path)
        let cpuBefore = Measure.cpuSeconds()
        let (result, seconds) = try ImportBenchmark.importContacts(path: csv, into: store)
        let cpu = Measure.cpuSeconds() - cpuBefore
        report.print("\n== CSV import of \(rows) generated contacts (\(Self.mebibytes(csv)) MiB)")
        report.print(
            String(
                format: "sqlite3 .import into a bare table (baseline): %.2f s, %.0f rows/s", baseline,
                Double(rows) / baseline))
        report.print(
            String(
                format:
                    "crm import (created %d, skipped %d): %.1f s (%.1f s CPU), %.0f rows/s, %.0fx the baseline   target: <= 3x",
                result.created, result.skipped.count, seconds, cpu, Double(rows) / seconds, seconds / baseline))
    }

    static func mebibytes(_ path: String) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
        return String(format: "%.1f", size / 1_048_576)
    }
}
