// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation
import GRDB

/// Insert, search and paging figures over the real store, with their baselines.
struct StoreBench {
    let store: Store
    let options: BenchOptions
    let folder: URL

    func run(into report: inout BenchReport) throws {
        try insert(into: &report)
        try SearchBench(store: store).run(into: &report)
        try paging(into: &report)
        report.print(String(format: "database size: %.0f MiB", Measure.fileSizeMiB(store.path)))
        try importBaseline(into: &report)
    }

    private func insert(into report: inout BenchReport) throws {
        var mix = DemoGenerator.Mix()
        mix.companiesPerContact = 0.1
        mix.dealsPerContact = 1.0
        mix.activitiesPerContact = 0
        mix.casesPerContact = 0
        mix.batchSize = 5_000
        var generator = DemoGenerator(store: store, seed: 7, mix: mix)
        var summary = DemoGenerator.Summary()
        var lastPrint = Date()
        let cpuBefore = Measure.cpuSeconds()
        let seconds = try Measure.seconds {
            summary = try generator.generate(contacts: options.contacts) { progress in
                if Date().timeIntervalSince(lastPrint) > 15 {
                    lastPrint = Date()
                    say("  … \(progress.contacts) contacts, \(progress.deals) deals")
                }
            }
        }
        let cpu = Measure.cpuSeconds() - cpuBefore
        let records = summary.contacts + summary.companies + summary.deals
        let entries = try BareSQLite.read(store.path) { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? 0
        }
        report.print("\n== insert through the one write path (row + change log + search index, 5,000 per transaction)")
        report.print(
            "created \(summary.contacts) contacts, \(summary.companies) companies, \(summary.deals) deals with stage history in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", cpu)) s CPU)"
        )
        report.print(
            String(
                format: "insert rate: %.0f records/s, %.0f change-log entries/s", Double(records) / seconds,
                Double(entries) / seconds))
    }

    private func paging(into report: inout BenchReport) throws {
        let total = try store.count(.contact)
        let depth = min(900_000, total * 9 / 10)
        report.print("\n== list pages of 50 contacts in name order (\(total) contacts)")
        let first = try Measure.samples(Array(0..<200)) { _ in _ = try store.contacts(after: nil, limit: 50) }
        report.print(Measure.line("first page, keyset", first, target: "p99 < 5 ms"))
        guard let anchor = try store.contactsByOffset(depth - 1, limit: 1).first else { return }
        let cursor = Store.cursor(for: anchor)
        let deep = try Measure.samples(Array(0..<200)) { _ in _ = try store.contacts(after: cursor, limit: 50) }
        report.print(Measure.line("page at depth \(depth), keyset", deep, target: "p99 < 5 ms"))
        // Five OFFSET samples, no warm-up: each costs seconds at this depth, and the anchor read
        // above already walked the same index pages into the cache.
        var offsetPage: [Int64] = []
        let offset = try Measure.samples(Array(0..<5), warmup: 0) { _ in
            offsetPage = try store.contactsByOffset(depth, limit: 50).map(\.num)
        }
        report.print(Measure.line("page at depth \(depth), OFFSET (baseline)", offset))
        let same = try store.contacts(after: cursor, limit: 50).map(\.num) == offsetPage
        report.print("keyset and OFFSET pages identical: \(same)")
    }

    /// The physical baseline: sqlite3's own CSV import of the same contacts into a bare table.
    private func importBaseline(into report: inout BenchReport) throws {
        let csv = folder.appendingPathComponent("contacts.csv").path
        let bare = folder.appendingPathComponent("bare.sqlite").path
        let export = try Measure.seconds {
            try Self.shell(
                "/usr/bin/sqlite3",
                [
                    "-csv", "-header", store.path, ".output \(csv)",
                    "SELECT c.name, c.email, c.phone, c.title, co.name AS company FROM contacts c LEFT JOIN companies co ON co.id = c.company_id",
                ])
        }
        let seconds = try Measure.seconds {
            try Self.shell("/usr/bin/sqlite3", [bare, ".import --csv \(csv) contacts"])
        }
        let rows = try DatabaseQueue(path: bare).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0
        }
        report.print("\n== physical baseline")
        report.print(
            String(
                format:
                    "sqlite3 .import of the same %d contacts (CSV written in %.1f s) into a bare table: %.1f s, %.0f rows/s",
                rows, export, seconds, Double(rows) / seconds))
    }

    static func shell(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(tool) \(arguments.first ?? "") failed") }
    }
}
