// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Notifications on two devices of one user and a teammate's, through the real `crm-server` and
/// the real `crm` binary (issue 16): the user's read, dismissed and snoozed marks travel to their
/// other device and to no one else's, and each SLA threshold gives one notification however
/// often the devices sync and list.
@Suite(.serialized) struct NotificationSyncTests {
    /// Tenant acme with agents ana and ben; ana on a phone and a laptop, ben on his own device.
    func devices(_ server: ServerProcess) throws -> (phone: CLI, laptop: CLI, ben: CLI) {
        try server.provision(tenant: "acme", users: [("ana", "agent"), ("ben", "agent")])
        try server.start()
        var devices: [CLI] = []
        for user in ["ana", "ana", "ben"] {
            // Logged in at the latest time the test reaches, so the clock offset learned at login
            // never puts a later write ahead of the server's clock.
            let cli = try CLI.device(
                on: server, user: user, environment: ["TZ": "UTC", "CRM_NOW": "2026-11-24T12:30:00Z"])
            devices.append(cli)
        }
        at("2026-11-24T09:00:00Z", devices)
        return (devices[0], devices[1], devices[2])
    }

    func at(_ time: String, _ devices: [CLI]) {
        for device in devices { device.environment["CRM_NOW"] = time }
    }

    func sync(_ devices: [CLI]) throws {
        for device in devices { try device.ok("sync", "--once") }
    }

    @Test func marksMatchOnTheUsersDevicesAndStayOffATeammates() throws {
        let server = try ServerProcess()
        let (phone, laptop, ben) = try devices(server)
        let all = [phone, laptop, ben]
        for (subject, due) in [("Call Ada", "08:00"), ("Call Bob", "07:00"), ("Call Cy", "06:00")] {
            try phone.ok("activity", "add", "--kind", "task", "--subject", subject, "--due", "2026-11-24 \(due)")
        }
        try phone.ok("case", "open", "--subject", "Printer on fire", "--priority", "urgent")
        try sync(all + [phone, laptop])
        let tasks = try phone.ok("notifications", "--json").array
        #expect(tasks.compactMap { $0["title"] as? String } == ["Call Ada", "Call Bob", "Call Cy"])
        let id = { (title: String) in tasks.first { $0["title"] as? String == title }?["id"] as? String ?? "" }
        try phone.ok("notifications", "read", id("Call Ada"))
        try phone.ok("notifications", "dismiss", id("Call Bob"))
        try phone.ok("notifications", "snooze", id("Call Cy"), "--until", "2026-11-24 12:00")
        try sync(all)
        #expect(try laptop.ok("notifications", "--json").stdout == phone.ok("notifications", "--json").stdout)
        #expect(
            try laptop.ok("notifications", "--all", "--json").stdout
                == phone.ok("notifications", "--all", "--json").stdout)
        let shown = try laptop.ok("notifications", "--json").array
        #expect(shown.map { $0["title"] as? String } == ["Call Ada"])
        #expect(shown.first?["state"] as? String == "read")
        let snoozed = try laptop.ok("notifications", "--all", "--json").array.first {
            $0["title"] as? String == "Call Cy"
        }
        #expect(snoozed?["state"] as? String == "snoozed")
        #expect(snoozed?["snoozed_until"] as? String == "2026-11-24T12:00:00.000Z")
        #expect(try ben.ok("notifications", "--all", "--json").array.isEmpty, "ana's tasks are not ben's")

        // The queue's case at risk: ana reads it on her phone; her laptop shows it read, ben's
        // device shows his own notification of it, unread: ana's mark never reaches him.
        at("2026-11-24T09:50:00Z", all)
        let risk = try #require(
            try phone.ok("notifications", "--json").array.first { $0["reason"] as? String == "sla_at_risk" })
        try phone.ok("notifications", "read", try #require(risk["id"] as? String))
        try sync(all)
        let onLaptop = try laptop.ok("notifications", "--json").array.first { $0["reason"] as? String == "sla_at_risk" }
        #expect(onLaptop?["state"] as? String == "read")
        let onBen = try ben.ok("notifications", "--all", "--json").array
        #expect(onBen.map { $0["reason"] as? String } == ["sla_at_risk"])
        #expect(onBen.first?["id"] as? String == risk["id"] as? String)
        #expect(onBen.first?["state"] as? String == "unread")

        // Crossing into breach: one more notification, not one per sync or per listing.
        var slaIDs: Set<String> = []
        for time in ["2026-11-24T09:55:00Z", "2026-11-24T10:05:00Z", "2026-11-24T10:30:00Z"] {
            at(time, all)
            for _ in 0..<2 {
                try sync(all)
                for device in [phone, laptop] {
                    let list = try device.ok("notifications", "--all", "--json").array
                    let sla = list.filter { ($0["reason"] as? String)?.hasPrefix("sla_") == true }
                    #expect(sla.count == 1, "one SLA notification at a time: \(sla)")
                    slaIDs.formUnion(sla.compactMap { $0["id"] as? String })
                }
            }
        }
        #expect(slaIDs.count == 2, "at risk, then breached")
        #expect(try phone.ok("notifications", "--json").stdout == laptop.ok("notifications", "--json").stdout)

        // The snooze runs out at noon on both devices: Cy is back, unread.
        at("2026-11-24T12:00:01Z", all)
        for device in [phone, laptop] {
            let back = try device.ok("notifications", "--json").array.first { $0["title"] as? String == "Call Cy" }
            #expect(back?["state"] as? String == "unread")
        }
        #expect(
            try phone.ok("notifications", "--all", "--json").stdout
                == laptop.ok("notifications", "--all", "--json").stdout)
    }
}

extension NotificationSyncTests {
    @Test func anAssignmentNotifiesWhenSomeoneElseMadeIt() throws {
        let server = try ServerProcess()
        let (phone, laptop, ben) = try devices(server)
        try phone.ok("case", "open", "--subject", "Own pick", "--priority", "low")
        try ben.ok("case", "open", "--subject", "Handed over", "--priority", "low")
        try sync([phone, ben, laptop, phone])
        // Ana takes one case on her phone; Ben hands her the other.
        try phone.ok("case", "assign", "Own pick", "--to", "me")
        try ben.ok("case", "assign", "Handed over", "--to", "ana")
        try sync([phone, ben, laptop, phone])
        for device in [phone, laptop] {
            let assigned = try device.ok("notifications", "--json").array.filter {
                $0["reason"] as? String == "case_assigned"
            }
            #expect(assigned.map { $0["title"] as? String } == ["Handed over"])
            #expect(assigned.first?["why"] as? String == "assigned to you by ben")
        }
        #expect(try phone.ok("notifications", "--json").stdout == laptop.ok("notifications", "--json").stdout)
    }
}
