// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// `crm import`, `crm export` and `crm dedupe` through the built binary against a real database file.
@Suite struct InterchangeCommandTests {
    /// The shared third-party fixtures: ../shared/fixtures beside the package root, or the folder
    /// `CRM_TEST_FIXTURES` names.
    static let fixtures: URL =
        ProcessInfo.processInfo.environment["CRM_TEST_FIXTURES"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    /// Disables a test that reads the fixtures, with the reason, when their folder is absent: the
    /// runner then reports it as skipped, never as passed.
    static var fixturesRequired: ConditionTrait {
        .enabled(
            if: FileManager.default.fileExists(atPath: fixtures.path),
            Comment(rawValue: "needs the shared fixtures at \(fixtures.path), which is absent"))
    }

    private func file(_ cli: CLI, _ name: String, _ text: String) throws -> String {
        let path = cli.folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let mixed = """
        Name,Email,Company
        Ann Able,ann@example.com,Acme
        Bob Bad,bob-at-example,Acme
        Cy Clean,cy@example.com,Beta
        """

    @Test func defaultModeImportsGoodRowsAndReportsTheBadOne() throws {
        let cli = try CLI()
        let path = try file(cli, "mixed.csv", Self.mixed)
        let result = try cli.ok("import", "csv", path, "--kind", "contact")
        #expect(result.stdout.contains("created: 2  updated: 0  skipped: 1"))
        #expect(result.stdout.contains("skipped line 3: column 'Email': 'bob-at-example' is not an email address"))
        #expect(try cli.count("contact") == 2)
        let again = try cli.ok("import", "csv", path, "--kind", "contact", "--json")
        #expect(again.object["unchanged"] as? Int == 2 && again.object["updated"] as? Int == 0)
        #expect(again.object["created"] as? Int == 0)
        #expect(try cli.count("contact") == 2)
    }

    @Test func strictWritesNothingAndExits65DryRunWritesNothing() throws {
        let cli = try CLI()
        let path = try file(cli, "mixed.csv", Self.mixed)
        let strict = try cli.run("import", "csv", path, "--kind", "contact", "--strict")
        #expect(strict.code == 65)
        #expect(strict.stderr.hasPrefix("crm: error: 1 bad row(s), first at line 3 (column 'Email'"))
        #expect(strict.stderr.contains("nothing was written (--strict)"))
        #expect(try cli.count("contact") == 0)
        #expect(try cli.count("company") == 0)
        let dry = try cli.ok("import", "csv", path, "--kind", "contact", "--dry-run")
        #expect(dry.stdout.contains("(dry run: nothing written)"))
        #expect(dry.stdout.contains("created would be: 2"))
        #expect(try cli.count("contact") == 0)
    }

    @Test func badFilesAreRefusedWithTheLineAndNothingWritten() throws {
        let cli = try CLI()
        let binary = cli.folder.appendingPathComponent("export.xlsx").path
        try Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: binary))
        let cases: [([String], Int32, String)] = [
            ([binary], 65, "the file is binary (a ZIP archive or an .xlsx workbook"),
            (
                [try file(cli, "quote.csv", "Name,Email\nAnn,ann@example.com\n\"Bob,bob@example.com\n")], 65,
                "line 3: a quoted field is never closed"
            ),
            ([try file(cli, "unknown.csv", "Foo,Bar\n1,2\n")], 65, "no column of the header is known ('Foo', 'Bar')"),
            ([cli.folder.appendingPathComponent("missing.csv").path], 66, "missing.csv: no such file"),
            (
                [try file(cli, "map.csv", "Nom\nAnn\n"), "--map", "Nom=nickname"], 64,
                "'nickname' is not a contact field"
            ),
        ]
        for (arguments, code, message) in cases {
            let result = try cli.run(arguments: ["--db", cli.db, "import", "csv"] + arguments + ["--kind", "contact"])
            #expect(result.code == code, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("crm: error: "), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        #expect(try cli.count("contact") == 0)
    }

    @Test func tenMegabyteFieldStopsTheImportNamingTheLine() throws {
        let cli = try CLI()
        let big = "Name,Notes\nAnn,ok\nBob,\"" + String(repeating: "x", count: 10 * 1024 * 1024) + "\"\n"
        let result = try cli.run("import", "csv", try file(cli, "big.csv", big), "--kind", "contact", "--strict")
        #expect(result.code == 65)
        #expect(result.stderr.contains("line 3: a field is larger than 1048576 bytes"))
        #expect(try cli.count("contact") == 0)
    }

    @Test(Self.fixturesRequired) func salesforceFixturesImportLinkedAndExportCSV() throws {
        let cli = try CLI()
        let folder = Self.fixtures.appendingPathComponent("salesforce-export")
        try cli.ok("import", "csv", folder.appendingPathComponent("Account.csv").path, "--kind", "company")
        try cli.ok(
            "import", "csv", folder.appendingPathComponent("Contact.csv").path, "--kind", "contact", "--preset",
            "salesforce")
        let deals = try cli.ok("import", "csv", folder.appendingPathComponent("Opportunity.csv").path, "--kind", "deal")
        #expect(deals.stdout.contains("created: 50"))
        let ashley = try cli.ok("contact", "show", "ashley.brock@example.com", "--json")
        #expect(ashley.object["company"] as? String == "Walker Henson and Compton")
        let csv = try cli.ok("export", "csv", "--kind", "deal")
        #expect(csv.stdout.split(separator: "\r\n").count == 51)
        #expect(csv.stderr == "exported 50 deal records\n")
    }

    @Test func jsonExportImportGivesIdenticalData() throws {
        let cli = try CLI()
        try cli.ok("import", "csv", try file(cli, "c.csv", Self.mixed), "--kind", "contact")
        try cli.ok("deal", "add", "--title", "Big", "--amount", "1200.50", "--currency", "EUR", "--company", "Acme")
        let json = cli.folder.appendingPathComponent("all.json").path
        try cli.ok("export", "json", "-o", json)
        let target = try CLI()
        let imported = try target.ok("import", "json", json)
        #expect(imported.stdout.contains("skipped: 0"))
        for kind in ["contact", "company", "deal"] {
            let before = try cli.ok("export", "csv", "--kind", kind).stdout
            let after = try target.ok("export", "csv", "--kind", kind).stdout
            #expect(before == after, "\(kind)")
        }
        let again = try cli.run("export", "json", "-o", json)
        #expect(again.code == 73)
    }

    @Test(Self.fixturesRequired) func vcardImportAndExport() throws {
        let cli = try CLI()
        let result = try cli.ok(
            "import", "vcard", Self.fixtures.appendingPathComponent("vcard/aosp-v21_complicated.vcf").path)
        #expect(result.stdout.contains("created: 1"))
        #expect(result.stdout.contains("1 photo(s) skipped"))
        let joe = try cli.ok("contact", "show", "forrestgump@walladalla.com", "--json")
        #expect(joe.object["company"] as? String == "Gump Shrimp Co.")
        let vcf = try cli.ok("export", "vcard").stdout
        #expect(vcf.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
        #expect(vcf.contains("EMAIL:forrestgump@walladalla.com"))
        let three = try cli.ok("export", "vcard", "--version", "3.0").stdout
        #expect(three.hasPrefix("BEGIN:VCARD\r\nVERSION:3.0\r\n") && !three.contains("VALUE=text"))
        #expect(try cli.run("export", "csv", "--version", "3.0").code == 64, "--version is for vcard")
    }

    @Test func dedupeListsAndMergesAccentCaseAndSpacingVariants() throws {
        let cli = try CLI()
        let text =
            "Name,Email,Company\nJosé García,jose@acme.example,Acme\n\"  jose   GARCIA \",,ACME\nAnn Other,ann@other.example,Other\n"
        try cli.ok("import", "csv", try file(cli, "d.csv", text), "--kind", "contact")
        let listed = try cli.ok("dedupe", "--json")
        #expect(listed.array.count == 1)
        #expect(listed.array.first?["reasons"] as? [String] == ["same name at the same company"])
        #expect(try cli.count("contact") == 3)
        let merged = try cli.ok("dedupe", "--apply")
        #expect(merged.stdout.contains("merged 1 pair(s)"))
        #expect(try cli.count("contact") == 2)
        let show = try cli.ok("contact", "show", "jose@acme.example")
        #expect(show.stdout.contains("Merged duplicate"))
    }
}
