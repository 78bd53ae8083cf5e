// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Several references or `--where` in one store call: one transaction, one undo (issue 20).
@Suite struct BulkCommandTests {
    func cases(_ cli: CLI, _ count: Int) throws {
        for index in 1...count { try cli.ok("case", "open", "--subject", "Case \(index)", "--queue", "billing") }
    }

    func field(_ cli: CLI, _ kind: String, _ ref: String, _ name: String) throws -> String? {
        try cli.ok(kind, "show", ref, "--json").object[name] as? String
    }

    @Test func assigningSeveralCasesIsOneChangeThatOneUndoTakesBack() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ada Admin")
        try cases(cli, 4)
        let result = try cli.ok("case", "assign", "#1", "#2", "#3", "--to", "me")
        #expect(result.trimmed == "3 cases: assigned to Ada Admin; crm undo takes it back")
        for ref in ["#1", "#2", "#3"] { #expect(try field(cli, "case", ref, "assignee") == "Ada Admin") }
        #expect(try field(cli, "case", "#4", "assignee") == nil)
        let undo = try cli.ok("undo")
        #expect(undo.stdout.contains("Case 1") && undo.stdout.contains("Case 3"), "\(undo.stdout)")
        for ref in ["#1", "#2", "#3"] { #expect(try field(cli, "case", ref, "assignee") == nil) }
    }

    @Test func theOldSingleFormsStillPrintTheRecord() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ada Admin")
        try cases(cli, 1)
        let id = try cli.ok("case", "show", "#1", "--json").object["id"] as? String
        #expect(try cli.ok("case", "assign", "#1", "me").trimmed == id)
        #expect(try cli.ok("case", "status", "#1", "Pending").trimmed == id, "status in any case")
        #expect(try cli.ok("case", "priority", "#1", "urgent", "--json").object["priority"] as? String == "urgent")
    }

    @Test func statusAndPriorityTakeWhere() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ada Admin")
        try cases(cli, 3)
        try cli.ok("case", "open", "--subject", "Elsewhere", "--queue", "support")
        let json = try cli.ok("case", "priority", "--where", "queue=BILLING", "--to", "high", "--json").object
        #expect(json["matched"] as? Int == 3 && json["changed"] as? Int == 3)
        #expect(try field(cli, "case", "Elsewhere", "priority") == "normal")
        let again = try cli.ok("case", "status", "--where", "queue=billing,status=new", "--to", "open")
        #expect(again.trimmed == "3 cases: status open; crm undo takes it back")
    }

    @Test func dealsMoveByFilterOnStageAndOwner() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ada Admin")
        try cli.ok("deal", "add", "--title", "Mine one", "--amount", "10")
        try cli.ok("deal", "add", "--title", "Mine two", "--amount", "20")
        try cli.ok("deal", "add", "--title", "Nobody's", "--amount", "30", "--owner", "none")
        try cli.ok("deal", "add", "--title", "Further on", "--amount", "40", "--stage", "Proposal")
        let moved = try cli.ok("deal", "move", "--where", "stage=lead,owner=me", "--to", "Qualified")
        #expect(moved.trimmed == "2 deals: moved to Qualified; crm undo takes it back")
        #expect(try field(cli, "deal", "Mine one", "stage") == "Qualified")
        #expect(try field(cli, "deal", "Mine two", "stage") == "Qualified")
        #expect(try field(cli, "deal", "Nobody's", "stage") == "Lead")
        #expect(try field(cli, "deal", "Further on", "stage") == "Proposal")
        try cli.ok("deal", "move", "Nobody's", "negotiation")
        #expect(try field(cli, "deal", "Nobody's", "stage") == "Negotiation", "the single form, any case")
        try cli.ok("deal", "move", "#1", "#2", "--to", "Lead")
        #expect(try field(cli, "deal", "Mine one", "stage") == "Lead")
    }

    @Test func mistakesSayWhatToDoInstead() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ada Admin")
        try cases(cli, 3)
        let noTo = try cli.run("case", "assign", "#1", "#2", "#3", "me")
        #expect(noTo.code == 64 && noTo.stderr.contains("give the value with --to"), "\(noTo.stderr)")
        let whereNoTo = try cli.run("case", "status", "--where", "queue=billing")
        #expect(whereNoTo.code == 64 && whereNoTo.stderr.contains("--where needs --to"))
        let unknown = try cli.run("deal", "move", "--where", "colour=red", "--to", "Won")
        #expect(
            unknown.code == 64 && unknown.stderr.contains("no field 'colour' (use stage, owner"), "\(unknown.stderr)")
        let none = try cli.run("case", "status", "--where", "queue=nowhere", "--to", "open")
        #expect(none.code == 66 && none.stderr.contains("no case matches --where \"queue=nowhere\""), "\(none.stderr)")
        let missing = try cli.run("case", "priority", "#1", "#99", "--to", "low")
        #expect(missing.code == 66)
        #expect(try field(cli, "case", "#1", "priority") == "normal", "nothing changed when one reference is wrong")
    }
}
