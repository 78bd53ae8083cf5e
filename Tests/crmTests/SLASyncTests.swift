// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A business-hours calendar and the policy that names it travel through the real `crm-server`:
/// the second device opens cases on the first device's calendar.
@Suite(.serialized) struct SLASyncTests {
    @Test func aCalendarAndItsPolicySyncToATeammate() throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager"), ("cy", "agent")])
        try server.start()
        var devices: [CLI] = []
        for user in ["ana", "ben", "cy"] {
            let cli = try CLI.device(on: server, user: user, environment: ["CRM_NOW": "2026-12-04T15:30:00Z"])
            devices.append(cli)
        }
        let (a, b, agent) = (devices[0], devices[1], devices[2])
        try a.ok(
            "sla", "calendar", "set", "Berlin office", "--zone", "Europe/Berlin", "--days", "mon-fri", "--hours",
            "09:00-17:00", "--holidays", "2026-12-25")
        try a.ok("sla", "policy", "set", "high", "--first-response", "240", "--calendar", "Berlin office")
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        let calendars = try b.ok("sla", "calendar", "show", "--json").array
        #expect(calendars.map { $0["name"] as? String } == ["Berlin office"])
        #expect(calendars.first?["holidays"] as? [String] == ["2026-12-25"])
        let high = try b.ok("sla", "policy", "list", "--json").array.first { $0["priority"] as? String == "high" }
        #expect(high?["calendar"] as? String == "Berlin office")
        // Friday 16:30 in Berlin on Ben's device: due Monday 12:30 local (11:30 UTC).
        let item = try b.ok("case", "open", "--subject", "Printer down", "--priority", "high", "--json").object
        #expect(item["first_response_due"] as? String == "2026-12-07T11:30:00.000Z")
        try b.ok("sync", "--once")
        try a.ok("sync", "--once")
        let seen = try a.ok("case", "show", "#1", "--json").object
        #expect(seen["business_hours"] as? String == "mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin")
        // An agent reads the calendar and the policy (its cases' clocks need them) but may not change them.
        try agent.ok("sync", "--once")
        let shared = try agent.ok("case", "show", "#1", "--json").object
        #expect(shared["business_hours"] as? String == "mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin")
        let mine = try agent.ok("case", "open", "--subject", "Agent's", "--priority", "high", "--json").object
        #expect(mine["first_response_due"] as? String == "2026-12-07T11:30:00.000Z")
        let write = try agent.ok("sla", "calendar", "set", "Night shift", "--zone", "UTC", "--hours", "20:00-24:00")
        #expect(write.stderr.contains("may not write SLA calendar records"))
        #expect(try agent.ok("sync", "--once").stdout.contains("1 refused"))
        try a.ok("sync", "--once")
        #expect(try a.ok("sla", "calendar", "show", "--json").array.count == 1)
    }
}
