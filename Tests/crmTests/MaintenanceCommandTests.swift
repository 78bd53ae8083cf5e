// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@Suite struct MaintenanceCommandTests {
    @Test func demoCreatesEveryKindAndCheckPasses() throws {
        let cli = try CLI()
        let summary = try cli.ok("demo", "--contacts", "300", "--json").object
        #expect(summary["contacts"] as? Int == 300)
        #expect((summary["deals"] as? Int ?? 0) > 50)
        #expect((summary["cases"] as? Int ?? 0) > 20)
        let stages = Set(
            try cli.ok("deal", "list", "--limit", "1000", "--json").array.compactMap { $0["stage"] as? String })
        #expect(stages == ["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"])
        let statuses = Set(
            try cli.ok("case", "list", "--status", "all", "--limit", "1000", "--json").array.compactMap {
                $0["status"] as? String
            })
        #expect(statuses == ["new", "open", "pending", "solved", "closed"])
        #expect(try cli.ok("check").trimmed == "ok")
    }

    @Test func backupCopiesAndRefusesToOverwrite() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "Kept")
        let copy = cli.folder.appendingPathComponent("backup.sqlite").path
        try cli.ok("backup", copy)
        let restored = try cli.run(arguments: ["--db", copy, "contact", "list", "--json"])
        #expect(restored.array.compactMap { $0["name"] as? String } == ["Kept"])
        let again = try cli.run("backup", copy)
        #expect(again.code == 73 && again.stderr.contains("already exists"))
    }

    @Test func searchAcrossKindsWithKindFilter() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "Zoë Ångström", "--email", "zoe@example.com", "--company", "Acme GmbH")
        try cli.ok("deal", "add", "--title", "Acme rollout", "--amount", "10", "--company", "Acme GmbH")
        let all = try cli.ok("search", "acme", "--json").array.compactMap { $0["kind"] as? String }
        #expect(Set(all) == ["contact", "company", "deal"])
        #expect(try cli.ok("search", "zoe", "--json").array.first?["email"] as? String == "zoe@example.com")
        #expect(try cli.ok("search", "acme", "--kind", "deal", "--json").array.count == 1)
        #expect(try cli.run("search", "acme", "--kind", "planet").code == 65)
        #expect(try cli.ok("search", "zzzz").stdout.contains("Nothing matches"))
    }

    @Test func globalOptionsWorkBeforeAndAfterTheSubcommand() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "Order")
        let after = try cli.run(arguments: ["contact", "list", "--db", cli.db, "--json"])
        #expect(after.array.count == 1)
        cli.environment["CRM_DB"] = cli.db
        let env = try cli.run(arguments: ["contact", "list", "--json"])
        #expect(env.array.count == 1)
    }

    @Test func helpExitsZero() throws {
        let cli = try CLI()
        let help = try cli.run(arguments: ["--help"])
        #expect(help.code == 0)
        #expect(help.stdout.contains("contact"))
    }

    /// The first command on a database from an older crm says on stderr that it is upgrading
    /// (some migrations rebuild summaries of every deal), and only that once; stdout stays the
    /// command's own.
    @Test func anUpgradeIsAnnouncedOnceOnStderr() throws {
        let cli = try CLI()
        try cli.ok("init")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [
            cli.db,
            "DROP TABLE unknown_fields; DELETE FROM grdb_migrations WHERE identifier = 'v7-unknown-fields'",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is installed by make deps")
        let first = try cli.run("contact", "list", "--json")
        #expect(first.code == 0)
        #expect(first.stderr.contains("crm: upgrading") && first.stderr.contains("v7-unknown-fields"))
        #expect(first.stdout.hasPrefix("[") && !first.stdout.contains("upgrading"))
        let second = try cli.run("contact", "list", "--json")
        #expect(second.code == 0 && second.stderr.isEmpty)
    }
}
