// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Write commands name what they did (issue 20): the id alone on stdout, as SPEC section 4 and
/// scripts want it, a sentence with the record's number and name on stderr, `--quiet` without
/// it, and `--json` the record as `show --json` prints it.
@Suite struct WriteReceiptTests {
    static func cli() throws -> CLI {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = "2026-11-25T09:00:00Z"
        cli.environment["TZ"] = "UTC"
        try cli.ok("init", "--user", "Ana Rep")
        return cli
    }

    @Test func addsPrintTheIdOnStdoutAndTheSentenceOnStderr() throws {
        let cli = try Self.cli()
        let contact = try cli.ok("contact", "add", "--name", "Ana Lima", "--email", "ana@example.com")
        let id = contact.trimmed
        #expect(UUID(uuidString: id) != nil, "stdout is the id alone: \(contact.stdout)")
        #expect(contact.stderr == "Added contact 1 Ana Lima <ana@example.com>\n")
        #expect(try cli.ok("contact", "show", "1", "--json").object["id"] as? String == id)
        let company = try cli.ok("company", "add", "--name", "Acme GmbH")
        #expect(company.stderr == "Added company 1 Acme GmbH\n")
        let deal = try cli.ok(
            "deal", "add", "--title", "Acme renewal", "--amount", "12000.50", "--currency", "EUR", "--stage",
            "Proposal")
        #expect(deal.stderr.hasPrefix("Added deal 1 \"Acme renewal\" ("), "\(deal.stderr)")
        #expect(deal.stderr.hasSuffix(", Proposal)\n"), "\(deal.stderr)")
        let opened = try cli.ok("case", "open", "--subject", "Printer on fire", "--priority", "urgent")
        #expect(opened.stderr == "Opened case 1 \"Printer on fire\" (urgent)\n")
        let task = try cli.ok("activity", "add", "--kind", "task", "--subject", "Call Ana", "--due", "tomorrow 14:00")
        #expect(task.stderr == "Added task 1 \"Call Ana\", due 2026-11-26 14:00\n", "\(task.stderr)")
        for result in [company, deal, opened, task] {
            #expect(UUID(uuidString: result.trimmed) != nil, "\(result.stdout)")
        }
    }

    @Test func changesNameTheRecordAndWhatChanged() throws {
        let cli = try Self.cli()
        try cli.ok("deal", "add", "--title", "Acme renewal", "--amount", "100")
        #expect(
            try cli.ok("deal", "move", "1", "negotiation").stderr == "Moved deal 1 \"Acme renewal\" to Negotiation\n")
        #expect(try cli.ok("deal", "edit", "1", "--amount", "200").stderr == "Updated deal 1 \"Acme renewal\"\n")
        #expect(
            try cli.ok("deal", "lost", "1", "--reason", "budget").stderr == "Lost deal 1 \"Acme renewal\": budget\n")
        try cli.ok("contact", "add", "--name", "Ana Lima")
        #expect(
            try cli.ok("contact", "edit", "1", "--phone", "+49 30 1234567").stderr == "Updated contact 1 Ana Lima\n")
        try cli.ok("case", "open", "--subject", "Printer on fire")
        #expect(try cli.ok("case", "assign", "1", "me").stderr == "Assigned case 1 \"Printer on fire\" to Ana Rep\n")
        #expect(
            try cli.ok("case", "status", "1", "solved").stderr == "Set case 1 \"Printer on fire\" to status solved\n")
        #expect(
            try cli.ok("case", "note", "1", "Toner").stderr
                == "Added note 1 \"Note: Toner\" to case 1 \"Printer on fire\"\n")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Call Ana")
        #expect(try cli.ok("task", "done", "Call Ana").stderr == "Done: task 2 \"Call Ana\"\n")
        let removed = try cli.ok("contact", "rm", "1")
        #expect(removed.stderr == "Deleted contact 1 Ana Lima\n" && UUID(uuidString: removed.trimmed) != nil)
        #expect(try cli.ok("contact", "restore", "1").stderr == "Restored contact 1 Ana Lima\n")
    }

    @Test func quietLeavesOnlyTheIdAndJSONIsTheWholeRecord() throws {
        let cli = try Self.cli()
        let quiet = try cli.ok("contact", "add", "--name", "Ana Lima", "--quiet")
        #expect(quiet.stderr.isEmpty && UUID(uuidString: quiet.trimmed) != nil)
        let added = try cli.ok("deal", "add", "--title", "Rollout", "--amount", "5", "--json")
        #expect(added.stderr.isEmpty, "JSON has no sentence: \(added.stderr)")
        let shown = try cli.ok("deal", "show", "1", "--json")
        #expect(added.object["title"] as? String == "Rollout" && added.object["timeline"] != nil)
        #expect(NSDictionary(dictionary: added.object).isEqual(to: shown.object), "add --json is show --json")
        let removed = try cli.ok("deal", "rm", "1", "--json").object
        #expect(removed["title"] as? String == "Rollout" && removed["amount"] as? String == "5.00", "\(removed)")
        #expect(removed["deleted"] as? Bool == true && removed["id"] as? String == added.object["id"] as? String)
    }

    @Test func theSentenceIsTerminalSafe() throws {
        let cli = try Self.cli()
        let result = try cli.ok("deal", "add", "--title", "Evil \u{202E}txt.exe", "--amount", "1")
        #expect(result.stderr.contains("\\u202E") && !result.stderr.contains("\u{202E}"), "\(result.stderr)")
    }
}
