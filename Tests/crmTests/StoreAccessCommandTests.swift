// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@testable import CRMStore

/// The real binary against a database another process is writing, a read-only copy, a
/// damaged file and an empty one.
@Suite struct StoreAccessCommandTests {
    /// `sqlite3` in another process holding the write lock, as a long import's transaction does.
    ///
    /// Like crm's own writers it commits once before it holds the lock, so the write-ahead log is
    /// not empty (GRDB writes to an empty one when it opens a pool; see Docs/ARCHITECTURE.md).
    final class LockHolder {
        let process = Process()
        let input = Pipe()

        init(_ path: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [path]
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(
                Data(
                    """
                    INSERT OR REPLACE INTO settings (key, value) VALUES ('probe', 'committed');
                    BEGIN IMMEDIATE;
                    UPDATE settings SET value = 'held' WHERE key = 'probe';
                    SELECT 'locked';

                    """.utf8))
            var seen = ""
            while !seen.contains("locked") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
        }

        func release() {
            input.fileHandleForWriting.write(Data("ROLLBACK;\n".utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    static func populated() throws -> CLI {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        try cli.ok("contact", "add", "--name", "Grace Hopper", "--email", "grace@example.com")
        try cli.ok("contact", "add", "--name", "Alan Turing")
        return cli
    }

    @Test func listShowAndSearchAnswerWhileAnotherProcessWrites() throws {
        let cli = try Self.populated()
        let holder = try LockHolder(cli.db)
        defer { holder.release() }
        #expect(Store.writerProcess(path: cli.db) == holder.process.processIdentifier)
        #expect(try cli.ok("contact", "list").stdout.contains("Grace Hopper"))
        #expect(try cli.ok("contact", "show", "grace@example.com").stdout.contains("Grace Hopper"))
        #expect(try cli.ok("search", "Turi").stdout.contains("Alan Turing"))
        #expect(try cli.ok("report", "pipeline").code == 0)
        #expect(
            Store.writerProcess(path: cli.db) == holder.process.processIdentifier,
            "the other process held the write lock throughout")
    }

    @Test func aWriteMeetingALongWriterExits75NamingIt() throws {
        let cli = try Self.populated()
        let holder = try LockHolder(cli.db)
        defer { holder.release() }
        let result = try cli.run("contact", "add", "--name", "Blocked")
        #expect(result.code == 75, "\(result.stderr)")
        #expect(result.stderr.contains("crm: waiting for another process (pid \(holder.process.processIdentifier))"))
        #expect(result.stderr.contains("crm: error: another process (pid \(holder.process.processIdentifier))"))
        #expect(result.stderr.contains("try again"))
        #expect(!result.stderr.lowercased().contains("database is locked"))
    }

    @Test func aReadOnlyCopyIsListedSearchedAndReportedOnAndLeftAsItWas() throws {
        let cli = try Self.populated()
        let copy = cli.folder.appendingPathComponent("backup.sqlite").path
        try cli.ok("backup", copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        let list = try cli.run(arguments: ["--db", copy, "contact", "list"])
        #expect(list.code == 0 && list.stdout.contains("Grace Hopper"), "\(list.stderr)")
        let search = try cli.run(arguments: ["--db", copy, "search", "Hopp"])
        #expect(search.code == 0 && search.stdout.contains("Grace Hopper"), "\(search.stderr)")
        #expect(try cli.run(arguments: ["--db", copy, "report", "pipeline"]).code == 0)
        let write = try cli.run(arguments: ["--db", copy, "contact", "add", "--name", "Nope"])
        #expect(write.code == 77)
        #expect(write.stderr.contains("is read-only"))
        for side in ["-wal", "-shm", "-journal"] {
            #expect(!FileManager.default.fileExists(atPath: copy + side), "\(side) left behind")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }

    @Test func reportsAndSearchesAnswerDuringADemoLoadInAnotherProcess() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        try cli.ok("demo", "--contacts", "300")
        let demo = Process()
        demo.executableURL = CLI.binary
        demo.arguments = ["--db", cli.db, "demo", "--contacts", "100000", "--seed", "7"]
        demo.standardOutput = FileHandle.nullDevice
        demo.standardError = FileHandle.nullDevice
        try demo.run()
        defer {
            demo.terminate()
            demo.waitUntilExit()
        }
        for _ in 0..<600 {
            if try Self.sqlite(cli.db, "SELECT COUNT(*) FROM suspended_indexes") != "0" { break }
            usleep(100_000)
        }
        #expect(try Self.sqlite(cli.db, "SELECT COUNT(*) FROM suspended_indexes") != "0", "the load began")
        for report in ["pipeline", "forecast", "sla", "funnel", "winrate", "cycle", "leaderboard"] {
            let result = try cli.run("report", report)
            #expect(result.code == 0, "report \(report): \(result.stderr)")
        }
        #expect(try cli.run("search", "a").code == 0)
        #expect(try cli.run("contact", "list").code == 0)
        #expect(try Self.sqlite(cli.db, "SELECT COUNT(*) FROM suspended_indexes") != "0", "the load was still running")
        #expect(demo.isRunning)
    }

    /// One value from the `sqlite3` shell (it only reads).
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-readonly", path, sql]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: ["garbled", "truncated"])
    func checkListsCorruptionWithHowToRecover(damage: String) throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        try cli.ok("demo", "--contacts", "200")
        try cli.ok("backup", cli.folder.appendingPathComponent("clean.sqlite").path)
        let damaged = cli.folder.appendingPathComponent("clean.sqlite").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: damaged))
        let page = 4096
        if damage == "garbled" {
            for offset in stride(from: page * 2, to: min(bytes.count, page * 40), by: 1) where offset % page > 100 {
                bytes[offset] = UInt8(truncatingIfNeeded: offset &* 31)
            }
        } else {
            bytes = bytes.prefix(bytes.count / 2)
        }
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let check = try cli.run(arguments: ["--db", damaged, "check"])
        #expect(check.code == 65, "\(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("sqlite:"))
        #expect(check.stdout.contains("To recover: copy a backup"))
        #expect(check.stderr.contains("problem(s) found"))
        #expect(!check.stderr.contains("SQLite error"))
        let json = try cli.run(arguments: ["--db", damaged, "check", "--json"])
        #expect(json.code == 65)
        #expect(json.object["ok"] as? Bool == false)
        #expect((json.object["problems"] as? [String])?.isEmpty == false)
        #expect((json.object["recovery"] as? String)?.contains("crm init") == true)
    }

    @Test func aZeroByteFileIsRefusedUnlessInit() throws {
        let cli = try CLI()
        #expect(FileManager.default.createFile(atPath: cli.db, contents: Data()))
        let list = try cli.run("contact", "list")
        #expect(list.code == 65)
        #expect(list.stderr.contains("is an empty file, not a crm database; run `crm init`"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.db)).isEmpty)
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        #expect(try cli.ok("contact", "list").code == 0)
    }
}
