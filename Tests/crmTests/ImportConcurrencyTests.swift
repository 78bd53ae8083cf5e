// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMStore
import Foundation
import Testing

/// Reads through the real binary while a `--strict` import runs in another `crm` process.
///
/// Issue 22 found `contact list`, `search` and `contact show` failing with "database is locked"
/// after 10 s during a long import. Here they must answer, correctly, while the import still
/// holds the write lock: the test checks that the import is running and writing before the
/// first read and after the last, so reads that only ran before or after it cannot pass it.
/// How fast they answer is a figure, not a test: `make bench` prints the reads' latency during
/// a 200,000-row import next to the same reads idle (crm-bench `ReadsDuringImportBench`).
@Suite struct ImportConcurrencyTests {
    /// Rows of the import, far more than the reads need.
    ///
    /// A debug build imports them in 10–40 s on the shared 2-core machine and the reads take
    /// 1–5 s, so the import is still writing when they end on a faster machine too. The test
    /// kills it then (SIGKILL: a SIGTERM sent from here did not stop it), rather than wait for it.
    static let rows = 60_000

    @Test func listSearchAndShowAnswerDuringAStrictImportInAnotherProcess() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        try cli.ok("contact", "add", "--name", "Grace Hopper", "--email", "grace@example.com")
        try cli.ok("contact", "add", "--name", "Alan Turing")
        let csv = cli.folder.appendingPathComponent("import.csv")
        try Self.writeCSV(rows: Self.rows, to: csv)
        let importer = Process()
        importer.executableURL = CLI.binary
        importer.arguments = ["--db", cli.db, "import", "csv", csv.path, "--kind", "contact", "--strict"]
        importer.standardOutput = FileHandle.nullDevice
        importer.standardError = FileHandle.nullDevice
        try importer.run()
        defer {
            if importer.isRunning {
                kill(importer.processIdentifier, SIGKILL)
                importer.waitUntilExit()
            }
        }
        let pid = importer.processIdentifier
        let deadline = Date().addingTimeInterval(60)
        while importer.isRunning, Store.writerProcess(path: cli.db) != pid, Date() < deadline { usleep(5_000) }
        try #require(Store.writerProcess(path: cli.db) == pid, "the import began writing")
        var reads = 0
        repeat {
            let list = try cli.run("contact", "list", "--limit", "20")
            #expect(list.code == 0 && list.stdout.contains("Alan Turing"), "list: \(list.stderr)")
            let search = try cli.run("search", "hopp", "--limit", "20")
            #expect(search.code == 0 && search.stdout.contains("Grace Hopper"), "search: \(search.stderr)")
            let show = try cli.run("contact", "show", "grace@example.com")
            #expect(show.code == 0 && show.stdout.contains("Grace Hopper"), "show: \(show.stderr)")
            reads += 1
        } while reads < 3 && importer.isRunning
        #expect(
            importer.isRunning && Store.writerProcess(path: cli.db) == pid,
            "the import was still writing after \(reads) rounds of reads (make the import larger if it ends first)")
        kill(pid, SIGKILL)
        importer.waitUntilExit()
        let after = try cli.run("contact", "list")
        #expect(after.code == 0 && after.stdout.contains("Grace Hopper"), "the file reads after the killed import")
        #expect(!after.stdout.contains(" Row"), "the killed --strict import left nothing")
    }

    /// A contact CSV of `rows` distinct, valid rows (each name unique, so `--strict` accepts them all).
    static func writeCSV(rows: Int, to url: URL) throws {
        var text = "Name,Email,Phone\n"
        text.reserveCapacity(rows * 48)
        let first = ["Zed", "Maria", "Ines", "Omar", "Lea", "Kofi", "Yuki", "Ana"]
        for index in 0..<rows {
            text += "\(first[index % first.count]) Row\(index),row\(index)@example.com,+1 555 \(1_000_000 + index)\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
