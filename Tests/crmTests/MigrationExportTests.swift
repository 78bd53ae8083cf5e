// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A whole Salesforce export imported with `crm import salesforce DIR` (issue 17): after it, the
/// reports say what the source's own files say, owners appear by name, links across files are set
/// whatever the order the files come in, and a second import changes nothing.
///
/// The export is the Salesforce fixture folder (read in place, through symbolic links), the same
/// export's `Task.csv` from Tests/Fixtures, and a `User.csv` the test writes: the fixtures have no
/// Users file, and it is what names the two `OwnerId`s they use.
@Suite struct MigrationExportTests {
    static let source = InterchangeCommandTests.fixtures.appendingPathComponent("salesforce-export")
    static let files = ["Account.csv", "Contact.csv", "Opportunity.csv", "Case.csv", "Lead.csv"]
    /// The export's Task.csv, which the shared fixtures lack (Tests/Fixtures/PROVENANCE.md).
    static let tasks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/salesforce-export/Task.csv")
    static let owners = ["005Ec000004oBPNIA2": "Dana Owner", "005Ec000004o8yHIAQ": "Sam Admin"]
    static let users = """
        Id,Username,FirstName,LastName,Name,Email,IsActive
        005Ec000004oBPNIA2,dana@org.example,Dana,Owner,Dana Owner,dana@org.example,true
        005Ec000004o8yHIAQ,sam@org.example,Sam,Admin,Sam Admin,sam@org.example,true

        """

    /// A database in UTC at a pinned time, so two of them can be compared record by record.
    func cli(init user: String? = "Ana") throws -> CLI {
        let cli = try CLI()
        cli.environment["TZ"] = "UTC"
        cli.environment["CRM_NOW"] = "2026-12-01T12:00:00Z"
        if let user { try cli.ok("init", "--user", user) }
        return cli
    }

    /// An export folder: links to the fixture files, and the test's User.csv.
    func exportFolder(in cli: CLI, users: Bool = true) throws -> URL {
        let folder = cli.folder.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in Self.files {
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(name), withDestinationURL: Self.source.appendingPathComponent(name))
        }
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("Task.csv"), withDestinationURL: Self.tasks)
        if users {
            try Self.users.write(to: folder.appendingPathComponent("User.csv"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test(InterchangeCommandTests.fixturesRequired)
    func reportsAfterTheImportEqualTheSourcesOwnFigures() throws {
        let cli = try cli()
        let folder = try exportFolder(in: cli)
        let report = try cli.ok("import", "salesforce", folder.path, "--json").object
        let files = report["files"] as? [[String: Any]] ?? []
        let created = Dictionary(
            files.map {
                (URL(fileURLWithPath: $0["file"] as? String ?? "").lastPathComponent, $0["created"] as? Int ?? -1)
            }
        ) { first, _ in first }
        #expect(
            created == [
                "User.csv": 2, "Account.csv": 22, "Contact.csv": 102, "Opportunity.csv": 50, "Case.csv": 40,
                "Task.csv": 75,
            ])
        #expect(files.allSatisfy { ($0["skipped"] as? [Any])?.isEmpty == true }, "\(files)")
        #expect(report["unresolved"] as? Int == 0)
        let left = report["not_imported"] as? [[String: Any]] ?? []
        #expect(left.map { $0["file"] as? String } == ["Lead.csv"])

        let expected = try SourceFigures(Self.source.appendingPathComponent("Opportunity.csv"), owners: Self.owners)
        let months = expected.wonByMonth.keys.sorted()
        let forecast =
            try cli.ok(
                "report", "forecast", "--from", "\(months[0])-01", "--to", "\(months[months.count - 1])-28",
                "--period", "month", "--json"
            ).object["periods"] as? [[String: Any]] ?? []
        var reported: [String: SourceFigures.Month] = [:]
        for period in forecast {
            guard let label = period["period"] as? String, let count = period["won_count"] as? Int, count > 0 else {
                continue
            }
            let amounts = period["closed_won"] as? [[String: Any]] ?? []
            let value = amounts.compactMap { ($0["amount"] as? String).flatMap { Decimal(string: $0) } }.reduce(0, +)
            reported[label] = SourceFigures.Month(count: count, value: value)
        }
        #expect(reported == expected.wonByMonth, "won count and value per month")

        let rate = try cli.ok("report", "winrate", "--json").object["periods"] as? [[String: Any]] ?? []
        #expect(rate.first?["won"] as? Int == expected.won && rate.first?["lost"] as? Int == expected.lost)
        let winRate = try #require(rate.first?["win_rate"] as? Double)
        #expect(abs(winRate - Double(expected.won) / Double(expected.won + expected.lost)) < 0.0001)

        let cycle = try cli.ok("report", "cycle", "--json").object["periods"] as? [[String: Any]] ?? []
        let days = try #require(cycle.first?["average_days"] as? Double)
        #expect(abs(days - expected.averageCycleDays) < 0.006, "cycle \(days), source \(expected.averageCycleDays)")

        let board = try cli.ok("report", "leaderboard", "--json").object["periods"] as? [[String: Any]] ?? []
        let lines = board.first?["owners"] as? [[String: Any]] ?? []
        var perOwner: [String: SourceFigures.Owner] = [:]
        for line in lines {
            perOwner[line["name"] as? String ?? "?"] = SourceFigures.Owner(
                won: line["won"] as? Int ?? -1, lost: line["lost"] as? Int ?? -1, open: line["open_count"] as? Int ?? -1
            )
        }
        #expect(perOwner == expected.owners, "owners by name, as the Users file names them")
        let team = try cli.ok("team", "list", "--json").array
        let dana = team.first { $0["name"] as? String == "Dana Owner" }
        #expect(dana?["active"] as? Bool == false && dana?["email"] as? String == "dana@org.example")

        let verify = try cli.ok("import", "verify", folder.path, "--json").object
        #expect((verify["differences"] as? [Any])?.isEmpty == true, "\(verify["differences"] ?? "")")
        try cli.ok("deal", "edit", "Hill Group - Business Loans - June 2023", "--amount", "5")
        let changed = try cli.run("import", "verify", folder.path)
        #expect(changed.code == 65, "a figure that differs is reported")
        #expect(
            changed.stdout.contains("won_by_month 2023-06: source 1 deal(s), 1651993.36 USD, crm 1 deal(s), 5.00 USD"))
        let ashley = try cli.ok("contact", "show", "ashley.brock@example.com", "--json").object
        #expect(ashley["company"] as? String == "Walker Henson and Compton", "AccountId links the contact")
    }

    @Test(InterchangeCommandTests.fixturesRequired)
    func filesInReverseOrderGiveTheSameResult() throws {
        let right = try cli()
        let reverse = try cli(init: nil)
        try FileManager.default.copyItem(atPath: right.db, toPath: reverse.db)
        let folder = try exportFolder(in: right)
        try right.ok("import", "salesforce", folder.path)
        let order = [
            ("Task.csv", "activity"), ("Case.csv", "case"), ("Opportunity.csv", "deal"), ("Contact.csv", "contact"),
        ]
        for (name, kind) in order {
            try reverse.ok(
                "import", "csv", folder.appendingPathComponent(name).path, "--kind", kind, "--preset", "salesforce")
        }
        let waiting = try reverse.ok("import", "check", "--json").array
        #expect(
            waiting.count == 50 + 14 + 18 + 36,
            "deals, cases and tasks wait for their accounts, contacts for theirs (tasks' contacts are here now)")
        for (name, kind) in [("Account.csv", "company"), ("User.csv", "user")] {
            try reverse.ok(
                "import", "csv", folder.appendingPathComponent(name).path, "--kind", kind, "--preset", "salesforce")
        }
        // Compared before `crm import check`, which would set what the imports left unset.
        #expect(try Self.state(of: reverse) == Self.state(of: right))
        #expect(try reverse.ok("import", "check", "--json").array.isEmpty)
        for report in ["leaderboard", "cycle", "winrate"] {
            #expect(
                try reverse.ok("report", report, "--json").stdout == right.ok("report", report, "--json").stdout,
                "\(report)")
        }
    }

    @Test(InterchangeCommandTests.fixturesRequired)
    func reimportingTheExportChangesNothing() throws {
        let cli = try cli()
        let folder = try exportFolder(in: cli)
        try cli.ok("import", "salesforce", folder.path)
        let before = try Self.state(of: cli)
        let again = try cli.ok("import", "salesforce", folder.path, "--json").object
        for file in again["files"] as? [[String: Any]] ?? [] {
            #expect(file["created"] as? Int == 0 && file["updated"] as? Int == 0, "\(file["file"] ?? "")")
            #expect(file["import_id"] == nil, "no change-log entry, so no import to undo: \(file["file"] ?? "")")
        }
        #expect(try Self.state(of: cli) == before)
    }

    @Test(InterchangeCommandTests.fixturesRequired)
    func aDryRunWritesNothingAndCountsLikeTheRealRun() throws {
        let cli = try cli()
        let folder = try exportFolder(in: cli)
        let before = try Self.state(of: cli)
        let dry = try cli.ok("import", "salesforce", folder.path, "--dry-run", "--json").object
        #expect(try Self.state(of: cli) == before)
        let real = try cli.ok("import", "salesforce", folder.path, "--json").object
        func counts(_ report: [String: Any]) -> [Int] {
            (report["files"] as? [[String: Any]] ?? []).flatMap {
                [$0["created"] as? Int ?? -1, $0["updated"] as? Int ?? -1]
            }
        }
        #expect(counts(dry) == counts(real) && !counts(real).isEmpty)
    }

    @Test(InterchangeCommandTests.fixturesRequired)
    func existingOnlyLinksMembersAndKeepsTheRestForCheck() throws {
        let cli = try cli(init: nil)
        try cli.ok("init", "--user", "Dana Owner", "--email", "dana@org.example")
        let folder = try exportFolder(in: cli)
        let report = try cli.ok("import", "salesforce", folder.path, "--owners", "existing-only", "--json").object
        let users = (report["files"] as? [[String: Any]] ?? []).first { ($0["kind"] as? String) == "user" }
        let skipped = users?["skipped"] as? [[String: Any]] ?? []
        #expect(skipped.count == 1 && (skipped.first?["reason"] as? String ?? "").contains("Sam Admin"))
        #expect(try cli.ok("team", "list", "--json").array.count == 1, "nobody created")
        let waiting = try cli.ok("import", "check", "--json").array
        #expect(waiting.count == 1 && waiting.first?["source_id"] as? String == "005Ec000004o8yHIAQ")
        #expect(waiting.first?["file"] as? String == "Account.csv")
        let board = try cli.ok("report", "leaderboard", "--json").object["periods"] as? [[String: Any]] ?? []
        #expect((board.first?["owners"] as? [[String: Any]])?.first?["name"] as? String == "Dana Owner")
    }

    /// Every record of the database as `crm export json` writes it, stage changes keyed by what
    /// they say (their own ids are new on each device).
    static func state(of cli: CLI) throws -> [String: String] {
        let path = cli.folder.appendingPathComponent("state-\(UUID()).json").path
        try cli.ok("export", "json", "-o", path)
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        var state: [String: String] = [:]
        for record in object?["records"] as? [[String: Any]] ?? [] {
            let fields = try JSONSerialization.data(withJSONObject: record["fields"] ?? [:], options: [.sortedKeys])
            var key = "\(record["kind"] ?? "") \(record["id"] ?? "")"
            if record["kind"] as? String == "stage_change" {
                key = "stage_change " + String(decoding: fields, as: UTF8.self)
            }
            state[key] = String(decoding: fields, as: UTF8.self) + " deleted:\(record["deleted"] ?? "")"
        }
        try FileManager.default.removeItem(atPath: path)
        return state
    }
}
