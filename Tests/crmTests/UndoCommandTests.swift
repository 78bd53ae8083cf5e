// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@testable import CRMStore

@Suite struct UndoCommandTests {
    @Test func editThenUndoThenRedo() async throws {
        let cli = try CLI()
        let id = try await cli.ok("deal", "add", "--title", "Acme renewal", "--amount", "5000", "--currency", "EUR")
            .trimmed
        try await cli.ok("deal", "edit", id, "--amount", "7500")
        let list = try await cli.ok("undo", "--list").stdout
        #expect(list.contains("edited deal \"Acme renewal\": amount 5,000.00 EUR → 7,500.00 EUR"), "\(list)")
        #expect(!list.contains(id), "the list names records, never their ids")
        let undo = try await cli.ok("undo").stdout
        #expect(undo.contains("deal \"Acme renewal\": amount 7,500.00 EUR → 5,000.00 EUR"), "\(undo)")
        #expect(try await cli.ok("deal", "show", id, "--json").object["amount"] as? String == "5000.00")
        let history = try await cli.ok("undo", "--list", "--json").array
        let undoTx = try #require(history.first?["transaction"] as? Int)
        #expect(history.first?["undoes"] as? Int == history.dropFirst().first?["transaction"] as? Int)
        try await cli.ok("undo", String(undoTx))
        #expect(try await cli.ok("deal", "show", id, "--json").object["amount"] as? String == "7500.00")
    }

    @Test func undoingACompanyDeleteWithItsDealsBringsThemAllBack() async throws {
        let cli = try CLI()
        for title in ["Rollout", "Renewal"] {
            try await cli.ok("deal", "add", "--title", title, "--amount", "100", "--company", "Acme GmbH")
        }
        try await cli.ok("deal", "add", "--title", "Elsewhere", "--amount", "100", "--company", "Other Ltd")
        let removed = try await cli.ok("company", "rm", "Acme GmbH", "--with-deals").stdout
        #expect(removed.contains("also deleted deal \"Rollout\"") && removed.contains("also deleted deal \"Renewal\""))
        #expect(try await cli.count("deal") == 1)
        #expect(try await cli.count("company") == 1)
        let list = try await cli.ok("undo", "--list").stdout
        #expect(list.contains("deleted company \"Acme GmbH\""), "\(list)")
        #expect(list.contains("deleted deal \"Rollout\""))
        let undo = try await cli.ok("undo").stdout
        #expect(undo.contains("restored company \"Acme GmbH\""), "\(undo)")
        #expect(try await cli.count("deal") == 3)
        #expect(try await cli.count("company") == 2)
        let deals = try await cli.ok("deal", "list", "--json").array.compactMap { $0["company"] as? String }
        #expect(deals.filter { $0 == "Acme GmbH" }.count == 2)
    }

    @Test func undoLeavesAFieldSomeoneChangedSinceAndSaysSo() async throws {
        let cli = try CLI()
        let id = try await cli.ok("deal", "add", "--title", "Acme renewal", "--amount", "5000", "--currency", "EUR")
            .trimmed
        try await cli.ok("deal", "edit", id, "--amount", "7500", "--title", "Acme big renewal")
        let store = try Store.open(path: cli.db)
        let later = HLC(millis: store.nowMillis + 60_000, counter: 0)
        let theirs = RemoteChange(
            seq: 1, changeID: UUID().uuidString, kind: .deal, entityID: try #require(RecordID(id)), op: .set,
            field: "title", value: .text("Their title"), hlc: later, deviceID: "0f0f0f0f0f0f0f0f")
        try store.applyRemote([theirs], conflicts: [], cursor: 1)
        let undo = try await cli.ok("undo").stdout
        #expect(undo.contains("amount 7,500.00 EUR → 5,000.00 EUR"), "\(undo)")
        #expect(
            undo.contains("kept: deal \"Their title\": title left as \"Their title\"; another device changed it since"))
        let deal = try await cli.ok("deal", "show", id, "--json").object
        #expect(deal["title"] as? String == "Their title")
        #expect(deal["amount"] as? String == "5000.00")
    }

    @Test func undoOfAnAddDeletesAndAStageMoveGoesBack() async throws {
        let cli = try CLI()
        let id = try await cli.ok("deal", "add", "--title", "Rollout", "--amount", "100", "--stage", "Proposal").trimmed
        try await cli.ok("deal", "won", id)
        try await cli.ok("undo")
        let deal = try await cli.ok("deal", "show", id, "--json").object
        #expect(deal["stage"] as? String == "Proposal")
        #expect(deal["closed_at"] is NSNull)
        try await cli.ok("undo", "--list")
        let history = try await cli.ok("undo", "--list", "--json").array
        let add = try #require(
            history.last { ($0["changes"] as? [String])?.contains("added deal \"Rollout\"") == true })
        try await cli.ok("undo", String(try #require(add["transaction"] as? Int)))
        #expect(try await cli.count("deal") == 0)
    }

    /// Every live record of the kinds a merge touches, without the edit times an undo renews.
    func records(_ cli: CLI) async throws -> [String] {
        var lines: [String] = []
        for kind in ["contact", "deal", "activity"] {
            lines += try await cli.ok(kind, "list", "--json", "--limit", "1000").array.map { record in
                record.filter { $0.key != "updated_at" }.map { "\($0.key)=\($0.value)" }.sorted()
                    .joined(separator: ",")
            }
        }
        return lines.sorted()
    }

    @Test func undoingAMergeSplitsTheRecordsBackAsTheyWere() async throws {
        let cli = try CLI()
        try await cli.ok("contact", "add", "--name", "José García", "--email", "jose@acme.example", "--company", "Acme")
        let duplicate = try await cli.ok(
            "contact", "add", "--name", "jose garcia", "--phone", "+1 555 0100", "--company", "Acme"
        )
        .trimmed
        try await cli.ok("deal", "add", "--title", "Rollout", "--amount", "100", "--contact", duplicate)
        let before = try await records(cli)
        #expect(try await cli.ok("dedupe", "--apply").stdout.contains("merged 1 pair(s)"))
        #expect(try await cli.count("contact") == 1)
        #expect(try await records(cli) != before)
        try await cli.ok("undo")
        #expect(try await records(cli) == before)
    }

    @Test func undoingAnImportTakesBackWhatItCreatedAndChangedButNotWhatWasEditedSince() async throws {
        let cli = try CLI()
        try await cli.ok(
            "contact", "add", "--name", "Ana Lima", "--email", "ana@acme.example", "--phone", "+1 555 0100")
        let before = try await records(cli)
        var csv = "Name,Email,Phone\nAna Lima,ana@acme.example,+1 555 0199\n"
        for index in 0..<9_999 { csv += "Person \(index),p\(index)@example.com,\n" }
        let path = cli.folder.appendingPathComponent("people.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let report = try await cli.ok("import", "csv", path, "--kind", "contact", "--json").object
        #expect(report["created"] as? Int == 9_999 && report["updated"] as? Int == 1)
        let run = try #require(report["import_id"] as? Int)
        #expect(try await cli.count("contact") == 10_000)
        try await cli.ok("contact", "edit", "p5@example.com", "--title", "Kept")
        let undo = try await cli.ok("undo", "--import", String(run))
        #expect(undo.stdout.contains("Undid import #\(run)"))
        #expect(undo.stdout.contains("kept: contact \"Person 5\": left in place; you changed it since it was added"))
        #expect(try await records(cli).filter { !$0.contains("Person 5") } == before)
        #expect(try await cli.count("contact") == 2)
    }

    @Test func undoOfAnUnknownTransactionSaysHowToFindOne() async throws {
        let cli = try CLI()
        let result = try await cli.run("undo", "999999")
        #expect(result.code == 65)
        #expect(result.stderr.contains("crm undo --list"))
        #expect(try await cli.run("undo", "3", "--list").code == 64)
    }
}
