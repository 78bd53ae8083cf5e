// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

/// Each bad input: a clear `crm: error:` naming the field, the right exit code, and nothing written.
@Suite struct BadInputTests {
    func expectRefused(
        _ arguments: [String], code: Int32, mentions: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "Existing")
        let logBefore = try changeLogCount(cli)
        let result = try cli.run(arguments: ["--db", cli.db] + arguments)
        #expect(result.code == code, "exit code for \(arguments)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("crm: error:"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.contains(mentions), "\(result.stderr) should mention \(mentions)",
            sourceLocation: sourceLocation)
        #expect(try changeLogCount(cli) == logBefore, "nothing written", sourceLocation: sourceLocation)
    }

    /// The entries of the database's change log, read from the file: every write adds at least one,
    /// whatever kind of record it touches (a company made on the side included).
    func changeLogCount(_ cli: CLI) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: cli.db, configuration: configuration)
        return try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? 0 }
    }

    /// The count above sees writes, so "nothing written" can fail: a contact with a new company
    /// adds entries for both.
    @Test func theChangeLogCountSeesEveryWrite() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "Existing")
        let before = try changeLogCount(cli)
        #expect(before > 0)
        try cli.ok("contact", "add", "--name", "X", "--email", "x@example.com", "--company", "NewCo")
        let after = try changeLogCount(cli)
        #expect(after >= before + 2, "a contact and its new company: \(before) → \(after)")
    }

    @Test func emptyName() throws { try expectRefused(["contact", "add", "--name", ""], code: 65, mentions: "name") }
    @Test func malformedEmail() throws {
        try expectRefused(["contact", "add", "--name", "X", "--email", "not-an-email"], code: 65, mentions: "email")
    }
    @Test func malformedEmailDoesNotCreateTheCompany() throws {
        try expectRefused(
            ["contact", "add", "--name", "X", "--email", "a@", "--company", "NewCo"], code: 65, mentions: "email")
    }
    @Test func negativeAmount() throws {
        try expectRefused(["deal", "add", "--title", "T", "--amount", "-5"], code: 65, mentions: "amount")
    }
    @Test func nonNumericAmount() throws {
        try expectRefused(["deal", "add", "--title", "T", "--amount", "12,3x"], code: 65, mentions: "amount")
    }
    @Test func unknownCurrency() throws {
        try expectRefused(
            ["deal", "add", "--title", "T", "--amount", "5", "--currency", "XYZ"], code: 65, mentions: "currency")
    }
    @Test func unknownStage() throws {
        try expectRefused(
            ["deal", "add", "--title", "T", "--amount", "5", "--stage", "Nirvana"], code: 65,
            mentions: "stage 'Nirvana'")
    }
    @Test func unknownPriority() throws {
        try expectRefused(["case", "open", "--subject", "S", "--priority", "meh"], code: 65, mentions: "priority")
    }
    @Test func missingReference() throws {
        try expectRefused(
            ["deal", "add", "--title", "T", "--amount", "5", "--contact", "nobody@example.com"], code: 66,
            mentions: "nobody@example.com")
    }
    @Test func missingRecord() throws {
        try expectRefused(["contact", "show", "does-not-exist-zz"], code: 66, mentions: "does-not-exist-zz")
    }
    @Test func impossibleCloseDate() throws {
        try expectRefused(
            ["deal", "add", "--title", "T", "--amount", "5", "--close-date", "2026-02-30"], code: 65,
            mentions: "close_date")
    }
    @Test func missingRequiredOption() throws {
        try expectRefused(["contact", "add"], code: 64, mentions: "--name")
    }

    @Test func databaseInAMissingFolder() throws {
        let cli = try CLI()
        let result = try cli.run(arguments: ["--db", "/nonexistent-dir/x/y.sqlite", "contact", "list"])
        #expect(result.code == 66)
        #expect(result.stderr.hasPrefix("crm: error: database folder '/nonexistent-dir/x' does not exist"))
    }

    @Test func fileThatIsNotADatabase() throws {
        let cli = try CLI()
        let junk = cli.folder.appendingPathComponent("junk.sqlite")
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try bytes.write(to: junk)
        let result = try cli.run(arguments: ["--db", junk.path, "contact", "list"])
        #expect(result.code == 65)
        #expect(result.stderr.contains("is not a crm database"))
        #expect(try Data(contentsOf: junk) == bytes)
    }

    @Test func databaseFromANewerSchema() throws {
        let cli = try CLI()
        try cli.ok("init")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [cli.db, "INSERT INTO grdb_migrations VALUES ('v9-future')"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is installed by make deps")
        let result = try cli.run("contact", "list")
        #expect(result.code == 65)
        #expect(result.stderr.contains("written by a newer crm"))
    }
}
