// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// `crm sla calendar|policy` end to end: a policy on a Mon–Fri 09:00–17:00 Berlin calendar sets
/// business-hours due times that `case show` and `case list --at-risk/--breached` follow.
@Suite struct SLACalendarCommandTests {
    func office() throws -> CLI {
        let cli = try CLI()
        cli.environment["TZ"] = "Europe/Berlin"
        cli.environment["CRM_NOW"] = "2026-12-01T08:00:00Z"
        try cli.ok(
            "sla", "calendar", "set", "Office", "--zone", "Europe/Berlin", "--days", "mon-fri", "--hours",
            "09:00-17:00", "--holidays", "2026-12-25,2026-12-24")
        try cli.ok("sla", "policy", "set", "high", "--first-response", "240", "--calendar", "office")
        return cli
    }

    @Test func aFridayEveningCaseIsDueMondayInWorkingHours() throws {
        let cli = try office()
        // Friday 4 Dec 17:00 in Berlin: nothing of the window counts on Friday, 4 h from Monday 09:00.
        cli.environment["CRM_NOW"] = "2026-12-04T16:00:00Z"
        let late = try cli.ok("case", "open", "--subject", "Printer down", "--priority", "high", "--json").object
        #expect(late["first_response_due"] as? String == "2026-12-07T12:00:00.000Z")
        #expect(late["business_hours"] as? String == "mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin")
        // Friday 16:00: one hour Friday, three Monday, due Monday 12:00 local.
        cli.environment["CRM_NOW"] = "2026-12-04T15:00:00Z"
        try cli.ok("case", "open", "--subject", "Invoice wrong", "--priority", "high")
        let shown = try cli.ok("case", "show", "#2").stdout
        #expect(shown.contains("due 2026-12-07 12:00"), "\(shown)")
        #expect(shown.contains("mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin"))
        // 24 working hours of resolution: Friday's hour, Monday, Tuesday, 7 h on Wednesday.
        let json = try cli.ok("case", "show", "#2", "--json").object
        #expect(json["resolution_due"] as? String == "2026-12-09T15:00:00.000Z")

        // Monday 10:00: two and three working hours left; around the clock both would be at risk.
        cli.environment["CRM_NOW"] = "2026-12-07T09:00:00Z"
        #expect(try cli.ok("case", "list", "--at-risk", "--json").array.isEmpty)
        #expect(try cli.ok("case", "list", "--breached", "--json").array.isEmpty)
        #expect(try Self.slaReport(cli)["at_risk"] as? Int == 0)
        // Monday 12:30: #2 is past due, #1 has half an hour of four left.
        cli.environment["CRM_NOW"] = "2026-12-07T11:30:00Z"
        #expect(try cli.ok("case", "list", "--breached", "--json").array.compactMap { $0["num"] as? Int } == [2])
        #expect(try cli.ok("case", "list", "--at-risk", "--json").array.compactMap { $0["num"] as? Int } == [1])
        let report = try Self.slaReport(cli)
        #expect(report["breached"] as? Int == 1)
        #expect(report["at_risk"] as? Int == 1)
    }

    /// `crm report sla`'s all-time figures.
    static func slaReport(_ cli: CLI) throws -> [String: Any] {
        let periods = try cli.ok("report", "sla", "--json").object["periods"] as? [[String: Any]]
        return try #require(periods?.first)
    }

    @Test func holidaysAndPoliciesShowAndChange() throws {
        let cli = try office()
        // Wednesday 23 Dec 16:00 local: Thursday and Friday are holidays, due Monday 28th 12:00.
        cli.environment["CRM_NOW"] = "2026-12-23T15:00:00Z"
        let item = try cli.ok("case", "open", "--subject", "Xmas", "--priority", "high", "--json").object
        #expect(item["first_response_due"] as? String == "2026-12-28T11:00:00.000Z")
        let policies = try cli.ok("sla", "policy", "list", "--json").array
        #expect(policies.first { $0["priority"] as? String == "high" }?["calendar"] as? String == "Office")
        #expect(policies.first { $0["priority"] as? String == "high" }?["first_response_minutes"] as? Int == 240)
        #expect(policies.first { $0["priority"] as? String == "urgent" }?["calendar"] is NSNull)
        let calendars = try cli.ok("sla", "calendar", "show", "office", "--json").array
        #expect(calendars.first?["holidays"] as? [String] == ["2026-12-24", "2026-12-25"])
        // Urgent counts around the clock: a re-prioritised case leaves the calendar.
        try cli.ok("case", "priority", "#1", "urgent")
        let urgent = try cli.ok("case", "show", "#1", "--json").object
        #expect(urgent["first_response_due"] as? String == "2026-12-23T16:00:00.000Z")
        #expect(urgent["business_hours"] is NSNull)
        // Taking the calendar off the policy: new high cases run 24/7.
        try cli.ok("sla", "policy", "set", "high", "--calendar", "24/7")
        let plain = try cli.ok("case", "open", "--subject", "Plain", "--priority", "high", "--json").object
        #expect(plain["first_response_due"] as? String == "2026-12-23T19:00:00.000Z")
    }

    @Test func aLongWindowOnACalendarIsAtRiskWeeksAhead() throws {
        let cli = try office()
        try cli.ok("sla", "calendar", "set", "mondays", "--zone", "Europe/Berlin", "--days", "mon")
        try cli.ok(
            "sla", "policy", "set", "low", "--first-response", "60", "--resolution", "10080", "--calendar", "mondays")
        try cli.ok(
            "sla", "policy", "set", "normal", "--first-response", "60", "--resolution", "10080", "--calendar", "office")
        // 168 working hours on Mondays only: the 21st Monday, 22 March 2027, at 17:00.
        cli.environment["CRM_NOW"] = "2026-11-02T08:00:00Z"
        let slow = try cli.ok("case", "open", "--subject", "Slow burn", "--priority", "low", "--json").object
        #expect(slow["resolution_due"] as? String == "2027-03-22T16:00:00.000Z")
        try cli.ok("case", "reply", "#1", "Looking into it")
        // Five weeks before that due, #1 has 40 of 168 hours left; #2, due sooner but over a week
        // ahead, is fine. The at-risk scan must read past #2 to find #1.
        cli.environment["CRM_NOW"] = "2027-02-17T12:00:00Z"
        try cli.ok("case", "open", "--subject", "Fresh", "--priority", "normal")
        try cli.ok("case", "reply", "#2", "Thanks")
        let queue = try cli.ok("case", "list", "--json").array.compactMap { $0["num"] as? Int }
        #expect(queue == [2, 1])
        #expect(try cli.ok("case", "list", "--at-risk", "--json").array.compactMap { $0["num"] as? Int } == [1])
    }

    @Test func badCalendarsAreRefusedWithTheFix() throws {
        let cli = try CLI()
        let zone = try cli.run("sla", "calendar", "set", "x", "--zone", "Berlin")
        #expect(zone.code == 65)
        #expect(zone.stderr.contains("not an IANA zone name"))
        let hours = try cli.run("sla", "calendar", "set", "x", "--zone", "UTC", "--hours", "18:00-08:00")
        #expect(hours.code == 65)
        #expect(hours.stderr.contains("HH:MM-HH:MM"))
        let missing = try cli.run("sla", "policy", "set", "high", "--calendar", "nowhere")
        #expect(missing.code == 66)
        #expect(try cli.run("sla", "policy", "set", "high").code == 64)
    }
}
