// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@Suite struct CaseCommandTests {
    let start = "2026-11-24T09:00:00Z"

    @Test func openSetsDueTimesFromThePriorityPolicy() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = start
        let item = try cli.ok("case", "open", "--subject", "Printer on fire", "--priority", "urgent", "--json").object
        #expect(item["first_response_due"] as? String == "2026-11-24T10:00:00.000Z")
        #expect(item["resolution_due"] as? String == "2026-11-24T13:00:00.000Z")
        #expect(item["status"] as? String == "new")
        try cli.ok("case", "priority", "#1", "low")
        let low = try cli.ok("case", "show", "#1", "--json").object
        #expect(low["first_response_due"] as? String == "2026-11-26T09:00:00.000Z")
        #expect(low["resolution_due"] as? String == "2026-12-01T09:00:00.000Z")
    }

    @Test func replyMeetsFirstResponseButANoteDoesNot() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = start
        try cli.ok("case", "open", "--subject", "Cannot log in", "--priority", "high")
        try cli.ok("case", "note", "#1", "Checked the logs")
        #expect(try cli.ok("case", "show", "#1", "--json").object["first_response_at"] is NSNull)
        cli.environment["CRM_NOW"] = "2026-11-24T10:00:00Z"
        try cli.ok("case", "reply", "#1", "We are on it")
        let item = try cli.ok("case", "show", "#1", "--json").object
        #expect(item["first_response_at"] as? String == "2026-11-24T10:00:00.000Z")
        #expect(item["first_response_sla"] as? String == "met")
        #expect(item["status"] as? String == "open")
        let kinds = try cli.ok("activity", "list", "--case", "#1", "--json").array.compactMap { $0["kind"] as? String }
        #expect(kinds == ["email", "note"])
    }

    @Test func pendingPausesTheResolutionClock() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = start
        try cli.ok("case", "open", "--subject", "Export fails", "--priority", "urgent")
        cli.environment["CRM_NOW"] = "2026-11-24T10:00:00Z"
        try cli.ok("case", "status", "#1", "pending")
        cli.environment["CRM_NOW"] = "2026-11-24T12:00:00Z"
        try cli.ok("case", "status", "#1", "open")
        // Two hours pending push the 13:00 resolution due to 15:00.
        #expect(
            try cli.ok("case", "show", "#1", "--json").object["resolution_due"] as? String == "2026-11-24T15:00:00.000Z"
        )
        try cli.ok("case", "status", "#1", "solved")
        #expect(
            try cli.ok("case", "show", "#1", "--json").object["resolved_at"] as? String == "2026-11-24T12:00:00.000Z")
        #expect(try cli.ok("case", "list", "--json").array.isEmpty)
        #expect(try cli.ok("case", "list", "--status", "all", "--json").array.count == 1)
    }

    @Test func triageFiltersMineBreachedAtRiskAndAssign() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = start
        try cli.ok("init", "--user", "Agent Smith")
        try cli.ok("case", "open", "--subject", "Old urgent", "--priority", "urgent", "--queue", "billing")
        cli.environment["CRM_NOW"] = "2026-11-24T11:20:00Z"
        try cli.ok("case", "open", "--subject", "Fresh normal", "--priority", "normal")
        try cli.ok("case", "assign", "Fresh normal", "me")
        // At 11:20 the urgent case is past its 10:00 first-response due: breached.
        #expect(
            try cli.ok("case", "list", "--breached", "--json").array.compactMap { $0["subject"] as? String } == [
                "Old urgent"
            ])
        #expect(
            try cli.ok("case", "list", "--mine", "--json").array.compactMap { $0["subject"] as? String } == [
                "Fresh normal"
            ])
        #expect(try cli.ok("case", "list", "--queue", "billing", "--json").array.count == 1)
        // Normal: first response due 24 h after 11:20; at 05:30 next day under 25% (6 h) is left.
        cli.environment["CRM_NOW"] = "2026-11-25T05:30:00Z"
        #expect(
            try cli.ok("case", "list", "--at-risk", "--json").array.compactMap { $0["subject"] as? String } == [
                "Fresh normal"
            ])
        let order = try cli.ok("case", "list", "--json").array.compactMap { $0["subject"] as? String }
        #expect(order == ["Old urgent", "Fresh normal"])
        try cli.ok("case", "assign", "#2", "none")
        #expect(try cli.ok("case", "show", "#2", "--json").object["assignee"] is NSNull)
    }

    @Test func tasksByDueWindowAndDone() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = start
        cli.environment["TZ"] = "UTC"
        try cli.ok("contact", "add", "--name", "Ana")
        try cli.ok(
            "activity", "add", "--kind", "task", "--subject", "Overdue one", "--due", "2026-11-23 10:00", "--contact",
            "Ana")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Later today", "--due", "2026-11-24 16:00")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "In three days", "--due", "+3d")
        try cli.ok("activity", "add", "--kind", "call", "--subject", "Not a task", "--contact", "Ana")
        #expect(
            try cli.ok("task", "list", "--due", "overdue", "--json").array.compactMap { $0["subject"] as? String } == [
                "Overdue one"
            ])
        #expect(try cli.ok("task", "list", "--due", "today", "--json").array.count == 2)
        #expect(try cli.ok("task", "list", "--due", "week", "--json").array.count == 3)
        try cli.ok("task", "done", "Overdue one")
        #expect(try cli.ok("task", "list", "--due", "overdue", "--json").array.isEmpty)
        #expect(try cli.run("task", "done", "Not a task").code == 65)
        #expect(try cli.run("task", "list", "--due", "someday").code == 64)
        let timeline = try cli.ok("contact", "show", "Ana", "--json").object["timeline"] as? [[String: Any]] ?? []
        #expect(timeline.contains { $0["action"] as? String == "call" })
    }
}
