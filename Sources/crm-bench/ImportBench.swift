// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
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
        let store = try Store.open(path: folder.appendingPathComponent("import.sqlite").path)
        Self.resetPeakMemory()
        let cpuBefore = Measure.cpuSeconds()
        let (result, seconds) = try ImportBenchmark.importContacts(path: csv, into: store)
        let cpu = Measure.cpuSeconds() - cpuBefore
        let peak = Measure.peakMemoryMiB()
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
        report.print(
            String(
                format: "peak memory during the import: %.0f MiB (of which the writer's page cache up to %d MiB)",
                peak, 512))
        try priceResolution(plainSeconds: seconds, plainCPU: cpu, into: &report)
    }

    /// The same rows again with an owner and a creation date per row, into a fresh database: the
    /// difference is what resolving the owner (35 people, created as inactive members) and parsing
    /// the date cost (issue #17).
    func priceResolution(plainSeconds: Double, plainCPU: Double, into report: inout BenchReport) throws {
        let csv = folder.appendingPathComponent("import-owners.csv").path
        try ImportBenchmark.writeContactsCSV(rows: rows, to: csv, ownersAndDates: true)
        let store = try Store.open(path: folder.appendingPathComponent("import-owners.sqlite").path)
        let cpuBefore = Measure.cpuSeconds()
        let (result, seconds) = try ImportBenchmark.importContacts(path: csv, into: store)
        let cpu = Measure.cpuSeconds() - cpuBefore
        report.print(
            String(
                format:
                    "crm import of the same rows with owner and created_at columns (created %d, %d owners): %.1f s (%.1f s CPU); owner and date resolution: %+.1f s (%+.1f%%), %+.1f s CPU (%+.1f%%; the CPU figure holds on a shared machine)",
                result.created, ImportBenchmark.owners.count, seconds, cpu, seconds - plainSeconds,
                (seconds / plainSeconds - 1) * 100, cpu - plainCPU, (cpu / plainCPU - 1) * 100))
    }

    /// Resets the process's peak resident size (VmHWM), so the import's own peak is measured
    /// rather than the store phase's before it (Linux: writing 5 to /proc/self/clear_refs).
    static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func mebibytes(_ path: String) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
        return String(format: "%.1f", size / 1_048_576)
    }
}
