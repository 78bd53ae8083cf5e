// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMeasure
import Foundation

/// `crm` as whole processes next to the sqlite3 CLI answering the same full-text query on the
/// same file (issue 21: "a CLI call costs what its work costs"; target within 4x).
///
/// Scripts call `crm` in loops, so what counts is the whole process: exec, dynamic linking,
/// opening the database, the query, the output, exit. sqlite3 is timed the same way, by the
/// same `Process` calls, on the query `crm search` starts with (the first 500 FTS5 matches of
/// the prefix, which crm then ranks). Each line gives the wall clock and the process's own CPU
/// time: on a shared machine the first also holds waits for a core.
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
        let commands: [(String, URL, [String])] = [
            ("sqlite3 FTS5 '\(Self.word)*' first 500 (baseline)", sqlite3, [path, sql]),
            ("crm --help", crm, ["--help"]),
            (
                "crm search \(Self.word) --limit 20 --json", crm,
                ["--db", path, "search", Self.word, "--limit", "20", "--json"]
            ),
            ("crm contact list --limit 1", crm, ["--db", path, "contact", "list", "--limit", "1"]),
        ]
        let timings = try commands.map { try ProcessTimer.runs($0.1, $0.2) }
        report.print("\n== crm as whole processes (start to exit), next to the sqlite3 CLI on the same file")
        let floorWall = LatencySummary(timings[0].map(\.wall)).p50
        let floorCPU = LatencySummary(timings[0].map(\.cpu)).p50
        for (index, command) in commands.enumerated() {
            let wall = LatencySummary(timings[index].map(\.wall)).p50
            let cpu = LatencySummary(timings[index].map(\.cpu)).p50
            let ratios =
                index == 0
                ? "" : String(format: "   %.1fx / %.1fx the baseline (<= 4x)", wall / floorWall, cpu / floorCPU)
            report.print(
                command.0.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(format: " wall p50 %7.2f ms   CPU p50 %7.2f ms   (n=%d)", wall, cpu, timings[index].count)
                    + ratios)
        }
    }
}
