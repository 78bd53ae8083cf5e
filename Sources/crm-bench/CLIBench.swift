// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMeasure
import Foundation

/// `crm` as whole processes next to the sqlite3 CLI answering the same full-text query on the
/// same file (issue 21: "a CLI call costs what its work costs"; target within 4x).
///
/// Scripts call `crm` in loops, so what counts is the whole process: exec, dynamic linking,
/// opening the database, the query, the output, exit. sqlite3 is timed the same way, by the
/// same `Process` calls, on the query `crm search` starts with (the first 500 FTS5 matches of
/// the prefix, which crm then ranks).
struct CLIBench {
    let path: String
    static let word = "mar"

    func run(into report: inout BenchReport) throws {
        let crm = ProcessTimer.crm
        guard FileManager.default.isExecutableFile(atPath: crm.path) else {
            throw BenchError(
                "no crm next to crm-bench at \(crm.path): build it with swift build -c release --product crm")
        }
        let sqlite3 = URL(fileURLWithPath: "/usr/bin/sqlite3")
        let sql = "SELECT rowid, title FROM search WHERE search MATCH '\"\(Self.word)\"*' LIMIT 500"
        let baseline = try ProcessTimer.samples(sqlite3, [path, sql])
        let help = try ProcessTimer.samples(crm, ["--help"])
        let search = try ProcessTimer.samples(crm, ["--db", path, "search", Self.word, "--limit", "20", "--json"])
        let list = try ProcessTimer.samples(crm, ["--db", path, "contact", "list", "--limit", "1"])
        report.print("\n== crm as whole processes (start to exit), next to the sqlite3 CLI on the same file")
        report.print(Measure.line("sqlite3 FTS5 '\(Self.word)*' first 500 (baseline)", baseline))
        let floor = LatencySummary(baseline).p50
        for (label, samples) in [
            ("crm --help", help), ("crm search \(Self.word) --limit 20 --json", search),
            ("crm contact list --limit 1", list),
        ] {
            let ratio = LatencySummary(samples).p50 / floor
            report.print(Measure.line(label, samples, target: String(format: "%.1fx the baseline (<= 4x)", ratio)))
        }
    }
}
