// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@Suite struct RestoreCommandTests {
    /// `rm` then `restore` of one record of `kind`, checked through `list`.
    func roundTrip(_ cli: CLI, _ kind: String, _ ref: String) async throws {
        let before = try await cli.count(kind)
        try await cli.ok(kind, "rm", ref)
        #expect(try await cli.count(kind) == before - 1, "\(kind) rm")
        #expect(try await cli.run(kind, "show", ref).code == 66, "a deleted \(kind) is not shown")
        let restored = try await cli.ok(kind, "restore", ref, "--json").object
        #expect(restored["deleted"] as? Bool == false)
        #expect(try await cli.count(kind) == before, "\(kind) restore")
    }

    @Test func everyKindComesBack() async throws {
        let cli = try CLI()
        try await cli.ok("contact", "add", "--name", "Ana Lima")
        try await cli.ok("company", "add", "--name", "Acme GmbH")
        try await cli.ok("deal", "add", "--title", "Rollout", "--amount", "100")
        try await cli.ok("case", "open", "--subject", "Printer on fire", "--priority", "urgent")
        try await cli.ok("activity", "add", "--kind", "call", "--subject", "Intro call")
        for (kind, ref) in [
            ("contact", "Ana Lima"), ("company", "Acme GmbH"), ("deal", "Rollout"), ("case", "#1"),
            ("activity", "Intro call"),
        ] {
            try await roundTrip(cli, kind, ref)
        }
    }

    @Test func restoringACompanyBringsBackTheDealsItsDeleteTook() async throws {
        let cli = try CLI()
        try await cli.ok("deal", "add", "--title", "Rollout", "--amount", "100", "--company", "Acme GmbH")
        try await cli.ok("deal", "add", "--title", "Gone before", "--amount", "100", "--company", "Acme GmbH")
        try await cli.ok("deal", "rm", "Gone before")
        try await cli.ok("company", "rm", "Acme GmbH", "--with-deals")
        #expect(try await cli.count("deal") == 0)
        let restored = try await cli.ok("company", "restore", "Acme GmbH").stdout
        #expect(restored.contains("also restored deal \"Rollout\""), "\(restored)")
        #expect(!restored.contains("Gone before"), "a deal deleted earlier on its own stays deleted")
        #expect(try await cli.ok("deal", "list", "--json").array.compactMap { $0["title"] as? String } == ["Rollout"])
    }

    @Test func rmHelpTellsHowToGetARecordBack() async throws {
        let cli = try CLI()
        for kind in ["contact", "company", "deal", "case", "activity"] {
            let help = try await cli.run(kind, "rm", "--help").stdout
            #expect(help.contains("crm \(kind) restore"), "\(kind) rm --help")
        }
    }
}
