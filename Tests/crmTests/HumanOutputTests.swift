// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// People read names and local times, never ids or epochs (issue 15): every read command's
/// human output on demo data is scanned for a UUID and for a 13-digit millisecond epoch.
@Suite struct HumanOutputTests {
    @Test func noReadCommandShowsAnIdOrAnEpoch() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Demo Manager", "--email", "demo@example.com")
        try cli.ok("demo", "--contacts", "300")
        try cli.ok("deal", "move", "#1", "Proposal")
        try cli.ok("deal", "edit", "#1", "--amount", "4321.50")
        try cli.ok("case", "assign", "#1", "me")
        try cli.ok("case", "note", "#1", "called back")
        let name = try #require(cli.ok("contact", "list", "--json", "--limit", "1").array.first?["name"] as? String)
        let reads: [[String]] = [
            ["contact", "list"], ["contact", "show", "#1"], ["company", "list"], ["company", "show", "#1"],
            ["deal", "list"], ["deal", "show", "#1"], ["activity", "list"], ["activity", "show", "#1"],
            ["task", "list"], ["task", "list", "--owner", "me"], ["case", "list", "--status", "all"],
            ["case", "show", "#1"], ["stage", "list"], ["search", String(name.prefix(4))], ["team", "list"],
            ["report", "pipeline"], ["report", "forecast"], ["report", "winrate"], ["report", "cycle"],
            ["report", "funnel"], ["report", "leaderboard"], ["report", "sla"], ["sync", "status"],
            ["sync", "conflicts"], ["sync", "refused"], ["dedupe", "--kind", "contact"], ["check"],
        ]
        for arguments in reads {
            let result = try cli.run(arguments: ["--db", cli.db] + arguments)
            let command = "crm " + arguments.joined(separator: " ")
            #expect(result.code == 0, "\(command): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(command) printed nothing")
            #expect(result.stdout.firstMatch(of: HumanOutput.uuid) == nil, "\(command) shows an id:\n\(result.stdout)")
            #expect(
                result.stdout.firstMatch(of: HumanOutput.epoch) == nil, "\(command) shows an epoch:\n\(result.stdout)")
        }
    }
}
