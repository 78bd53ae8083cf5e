// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@Suite struct RestoreCommandTests {
    /// `rm` then `restore` of one record of `kind`, checked through `list`.
    func roundTrip(_ cli: CLI, _ kind: String, _ ref: String) throws {
        let before = try cli.count(kind)
        try cli.ok(kind, "rm", ref)
        #expect(try cli.count(kind) == before - 1, "\(kind) rm")
        #expect(try cli.run(kind, "show", ref).code == 66, "a deleted \(kind) is not shown")
        let restored = try cli.ok(kind, "restore", ref, "--json").object
        #expect(restored["deleted"] as? Bool == false)
        #expect(try cli.count(kind) == before, "\(kind) restore")
    }

    @Test func everyKindComesBack() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "Ana Lima")
        try cli.ok("company", "add", "--name", "Acme GmbH")
        try cli.ok("deal", "add", "--title", "Rollout", "--amount", "100")
        try cli.ok("case", "open", "--subject", "Printer on fire", "--priority", "urgent")
        try cli.ok("activity", "add", "--kind", "call", "--subject", "Intro call")
        for (kind, ref) in [
            ("contact", "Ana Lima"), ("company", "Acme GmbH"), ("deal", "Rollout"), ("case", "#1"),
            ("activity", "Intro call"),
        ] {
            try roundTrip(cli, kind, ref)
        }
    }

    @Test func restoringACompanyBringsBackTheDealsItsDeleteTook() throws {
        let cli = try CLI()
        try cli.ok("deal", "add", "--title", "Rollout", "--amount", "100", "--company", "Acme GmbH")
        try cli.ok("deal", "add", "--title", "Gone before", "--amount", "100", "--company", "Acme GmbH")
        try cli.ok("deal", "rm", "Gone before")
        try cli.ok("company", "rm", "Acme GmbH", "--with-deals")
        #expect(try cli.count("deal") == 0)
        let restored = try cli.ok("company", "restore", "Acme GmbH").stdout
        #expect(restored.contains("also restored deal \"Rollout\""), "\(restored)")
        #expect(!restored.contains("Gone before"), "a deal deleted earlier on its own stays deleted")
        #expect(try cli.ok("deal", "list", "--json").array.compactMap { $0["title"] as? String } == ["Rollout"])
    }

    @Test func rmHelpTellsHowToGetARecordBack() throws {
        let cli = try CLI()
        for kind in ["contact", "company", "deal", "case", "activity"] {
            let help = try cli.run(kind, "rm", "--help").stdout
            #expect(help.contains("crm \(kind) restore"), "\(kind) rm --help")
        }
    }
}
