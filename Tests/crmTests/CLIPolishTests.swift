// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// What a demanding shell user expects of a CLI (issue 20): the nearest command for a typo, a
/// version, several search words without quotes, errors that list what works.
@Suite struct CLIPolishTests {
    @Test func aMistypedCommandSuggestsTheNearestOne() throws {
        let cli = try CLI()
        let typo = try cli.run("contcat", "list")
        #expect(typo.code == 64)
        #expect(
            typo.stderr.hasPrefix("crm: error: unknown command 'contcat'; did you mean 'contact'?"), "\(typo.stderr)")
        let far = try cli.run("xyzzy")
        #expect(
            far.code == 64 && far.stderr.contains("unknown command 'xyzzy'") && !far.stderr.contains("did you mean"))
        #expect(try cli.run(arguments: ["--db", cli.db, "contcat"]).stderr.contains("did you mean 'contact'"))
    }

    @Test func versionAndExamples() throws {
        let cli = try CLI()
        let version = try cli.run(arguments: ["--version"])
        #expect(version.code == 0 && version.stdout.hasPrefix("crm "), "\(version.stdout)")
        #expect(try cli.run(arguments: ["search", "--help"]).stdout.contains("Examples:"))
    }

    @Test func searchTakesSeveralWordsWithoutQuotes() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana")
        try cli.ok("contact", "add", "--name", "Zoë Ångström", "--company", "Acme GmbH")
        try cli.ok("contact", "add", "--name", "Zoë Other")
        let quoted = try cli.ok("search", "zoe acme", "--json").array
        let unquoted = try cli.ok("search", "zoe", "acme", "--json").array
        #expect(unquoted.count == 1 && quoted.count == unquoted.count)
    }

    @Test func aDueTimeThatDoesNotParseListsTheForms() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana")
        let bad = try cli.run("activity", "add", "--kind", "task", "--subject", "Call", "--due", "someday")
        #expect(bad.code == 65 && bad.stderr.contains("next monday") && bad.stderr.contains("in 3 days"))
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Call", "--due", "next monday 9:30")
        #expect(try cli.ok("task", "list", "--json").array.first?["due_at"] as? String != nil)
    }

    @Test func demoAddressesAreValidAndAmbiguityIsWrittenInGoodEnglish() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana")
        try cli.ok("demo", "--contacts", "400")
        let emails = try cli.ok("contact", "list", "--json", "--limit", "1000").array.compactMap {
            $0["email"] as? String
        }
        #expect(emails.count > 300)
        #expect(emails.allSatisfy { !$0.hasPrefix(".") && !$0.contains("..") && !$0.contains(".@") })
        try cli.ok("company", "add", "--name", "Twin")
        try cli.ok("company", "add", "--name", "twin")
        let ambiguous = try cli.run("company", "show", "Twin")
        #expect(ambiguous.stderr.contains("matches several companies"), "\(ambiguous.stderr)")
    }
}
