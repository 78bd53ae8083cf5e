// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// `crm notifications` end to end on a real database file: what is listed and why, read,
/// dismiss, unread, and the marks kept per user.
@Suite struct NotificationsCommandTests {
    @Test func listsWhyAndKeepsReadAndDismissed() throws {
        let cli = try CLI()
        cli.environment["TZ"] = "UTC"
        cli.environment["CRM_NOW"] = "2026-11-24T09:00:00Z"
        try cli.ok("init", "--user", "Ana Agent")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Call Ada", "--due", "2026-11-24 08:00")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Send quote", "--due", "2026-11-24 15:00")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Next week", "--due", "2026-12-01 15:00")
        try cli.ok("case", "open", "--subject", "Printer on fire", "--priority", "urgent")
        #expect(try cli.ok("notifications", "--json").array.count == 2)
        cli.environment["CRM_NOW"] = "2026-11-24T09:50:00Z"
        let list = try cli.ok("notifications", "--json").array
        // Newest first by the time each is about: the quote due at 15:00, the SLA at 10:00, Ada at 08:00.
        #expect(list.map { $0["reason"] as? String } == ["task_due", "sla_at_risk", "task_overdue"])
        #expect(
            list.map { $0["why"] as? String } == [
                "task due in 5 h 10 min", "first response due in 10 min, under a quarter left (unassigned)",
                "task overdue by 1 h 50 min",
            ])
        #expect(list.allSatisfy { $0["state"] as? String == "unread" })
        let human = try cli.ok("notifications").stdout
        #expect(human.contains("case #1 Printer on fire"))
        #expect(human.contains("task overdue by 1 h 50 min"))

        let risk = try #require(list[1]["id"] as? String)
        try cli.ok("notifications", "read", String(risk.prefix(6)))
        #expect(try cli.ok("notifications", "--unread", "--json").array.count == 2)
        #expect(try cli.ok("notifications", "--json").array[1]["state"] as? String == "read")
        let dismissed = try cli.ok("notifications", "dismiss", "--all", "--json").object
        #expect(dismissed["marked"] as? Int == 3)
        #expect(try cli.ok("notifications", "--json").array.isEmpty)
        #expect(try cli.ok("notifications").trimmed == "Nothing needs your attention.")
        #expect(try cli.ok("notifications", "--all", "--json").array.count == 3)
        // The breach is a new event: it shows, unread, after the at-risk one was dismissed.
        cli.environment["CRM_NOW"] = "2026-11-24T10:05:00Z"
        let late = try cli.ok("notifications", "--json").array
        #expect(late.map { $0["reason"] as? String } == ["sla_breached"])
        // Undismissing Ada's task brings it back, unread.
        let ada = try #require(list[2]["id"] as? String)
        try cli.ok("notifications", "unread", ada)
        #expect(
            try cli.ok("notifications", "--unread", "--json").array.compactMap { $0["title"] as? String } == [
                "Printer on fire", "Call Ada",
            ])
    }

    @Test func aSnoozedNotificationComesBackUnread() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = "2026-11-24T09:00:00Z"
        try cli.ok("init", "--user", "Ana Agent")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Call Ada", "--due", "2026-11-24 08:00")
        let id = try #require(try cli.ok("notifications", "--json").array.first?["id"] as? String)
        try cli.ok("notifications", "read", id)
        try cli.ok("notifications", "snooze", id, "--until", "+2h")
        #expect(try cli.ok("notifications", "--json").array.isEmpty)
        let hidden = try cli.ok("notifications", "--all", "--json").array
        #expect(hidden.first?["state"] as? String == "snoozed")
        #expect(hidden.first?["snoozed_until"] as? String == "2026-11-24T11:00:00.000Z")
        cli.environment["CRM_NOW"] = "2026-11-24T11:00:01Z"
        let back = try cli.ok("notifications", "--json").array
        #expect(back.map { $0["state"] as? String } == ["unread"])
        #expect(try cli.run("notifications", "snooze", id, "--until", "someday").code == 65)
        #expect(try cli.run("notifications", "snooze", id, "--until", "2026-11-01").code == 65)
    }

    @Test func wrongIdsSayWhatToDo() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Agent")
        let missing = try cli.run("notifications", "read", "ffffffff")
        #expect(missing.code == 66)
        #expect(missing.stderr.contains("crm notifications --all"))
        #expect(try cli.run("notifications", "read").code == 64)
    }

    @Test func markingWithoutAUserSaysHowToGetOne() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = "2026-11-24T09:00:00Z"
        try cli.ok("init")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Call Ada", "--due", "2026-11-24 08:00")
        let id = try #require(try cli.ok("notifications", "--json").array.first?["id"] as? String)
        let refused = try cli.run("notifications", "read", id)
        #expect(refused.code == 65)
        #expect(refused.stderr.contains("crm init --user NAME, or crm sync login"))
    }
}
