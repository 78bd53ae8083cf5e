// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@Suite struct DealCommandTests {
    @Test func addMoveWinLoseAndStageHistory() throws {
        let cli = try CLI()
        let deal = try cli.ok(
            "deal", "add", "--title", "Rollout", "--amount", "12000.50", "--currency", "EUR", "--stage", "Proposal",
            "--company", "Acme GmbH", "--close-date", "2026-12-31", "--json"
        ).object
        #expect(deal["amount"] as? String == "12000.50")
        #expect(deal["currency"] as? String == "EUR")
        #expect(deal["stage"] as? String == "Proposal")
        #expect(deal["probability"] as? Int == 50)
        let id = try #require(deal["id"] as? String)
        try cli.ok("deal", "move", id, "negotiation")
        #expect(try cli.ok("deal", "show", "#1", "--json").object["stage"] as? String == "Negotiation")
        try cli.ok("deal", "won", "Rollout")
        let won = try cli.ok("deal", "show", "#1", "--json").object
        #expect(won["stage_kind"] as? String == "won")
        #expect(won["closed_at"] is String)
        let timeline = (won["timeline"] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String }
        #expect(timeline.contains("stage Proposal → Negotiation"))
        #expect(timeline.contains("stage Negotiation → Won"))
        try cli.ok("deal", "move", "#1", "Qualified")
        #expect(try cli.ok("deal", "show", "#1", "--json").object["closed_at"] is NSNull)
        try cli.ok("deal", "lost", "#1", "--reason", "price")
        let lost = try cli.ok("deal", "show", "#1", "--json").object
        #expect(lost["lost_reason"] as? String == "price")
        #expect(lost["stage"] as? String == "Lost")
    }

    @Test func listFiltersByStageAndEditsAmount() throws {
        let cli = try CLI()
        try cli.ok("deal", "add", "--title", "A", "--amount", "100")
        try cli.ok("deal", "add", "--title", "B", "--amount", "300", "--currency", "JPY", "--stage", "Won")
        #expect(try cli.ok("deal", "list", "--stage", "lead", "--json").array.map { $0["title"] as? String } == ["A"])
        try cli.ok("deal", "edit", "A", "--amount", "250.25")
        #expect(try cli.ok("deal", "show", "A", "--json").object["amount"] as? String == "250.25")
        #expect(try cli.ok("deal", "show", "B", "--json").object["amount"] as? String == "300")
        #expect(try cli.run("deal", "edit", "B", "--amount", "1.5").code == 65)
        #expect(try cli.ok("deal", "list", "--json").array.count == 2)
    }

    @Test func stagesCanBeAddedRenamedAndMoved() throws {
        let cli = try CLI()
        try cli.ok("stage", "add", "Demo", "--probability", "40")
        var names = try cli.ok("stage", "list", "--json").array.compactMap { $0["name"] as? String }
        #expect(names == ["Lead", "Qualified", "Proposal", "Negotiation", "Demo", "Won", "Lost"])
        try cli.ok("stage", "rename", "Demo", "Product demo")
        try cli.ok("stage", "move", "Product demo", "2")
        names = try cli.ok("stage", "list", "--json").array.compactMap { $0["name"] as? String }
        #expect(names == ["Lead", "Product demo", "Qualified", "Proposal", "Negotiation", "Won", "Lost"])
        #expect(
            try cli.ok("stage", "list", "--json").array.compactMap { $0["position"] as? Int } == [1, 2, 3, 4, 5, 6, 7])
        let duplicate = try cli.run("stage", "add", "lead")
        #expect(duplicate.code == 65 && duplicate.stderr.contains("already exists"))
    }
}
