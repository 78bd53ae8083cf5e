// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

/// End to end: the real `crm-server` on loopback and real client databases driven by `crm`.
@Suite(.serialized) struct SyncCommandTests {
    /// A device: its own database and config folder (for the token file), logged in as `user`.
    func device(_ server: ServerProcess, user: String = "ana") throws -> CLI {
        try CLI.device(on: server, user: user)
    }

    func server() throws -> ServerProcess {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager"), ("rita", "rep")])
        try server.start()
        return server
    }

    @Test func twoDevicesEditDifferentFieldsAndBothKeepBoth() throws {
        let server = try server()
        let a = try device(server)
        let b = try device(server, user: "ben")
        let id = try a.ok("contact", "add", "--name", "Zoë Ångström", "--email", "zoe@example.com").trimmed
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        #expect(try b.ok("contact", "show", id, "--json").object["name"] as? String == "Zoë Ångström")
        try a.ok("contact", "edit", id, "--phone", "+49 30 1234567")
        try b.ok("contact", "edit", id, "--title", "CTO")
        for device in [a, b, a, b] { try device.ok("sync", "--once") }
        for device in [a, b] {
            let contact = try device.ok("contact", "show", id, "--json").object
            #expect(contact["phone"] as? String == "+49 30 1234567")
            #expect(contact["title"] as? String == "CTO")
        }
        #expect(try a.ok("sync", "status", "--json").object["pending"] as? Int == 0)
        // The server took the compact push format at login, so every push above went as rows.
        let format = try DatabaseQueue(path: a.db).read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'sync.push_format'")
        }
        #expect(format == "rows")
        // It listed zstd for pushes too, and the pushes large enough to compress went in it.
        let encoding = try DatabaseQueue(path: a.db).read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'sync.push_encoding'")
        }
        #expect(encoding == "zstd")
        let metrics = try server.get("/metrics")
        #expect(metrics.contains(#"crm_push_bodies_total{encoding="gzip"} 0"#), "\(metrics)")
        #expect(!metrics.contains(#"crm_push_bodies_total{encoding="zstd"} 0"#), "\(metrics)")
        let deviceID = try #require(try a.ok("sync", "status", "--json").object["device_id"] as? String)
        let token = a.folder.appendingPathComponent("config/crm/tokens/\(deviceID)").path
        let mode = try FileManager.default.attributesOfItem(atPath: token)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the token file is readable by its owner only")
    }

    @Test func sameFieldLaterHLCWinsAndTheLoserIsInTheConflictLog() throws {
        let server = try server()
        let a = try device(server)
        let b = try device(server, user: "ben")
        let id = try a.ok("contact", "add", "--name", "Sam").trimmed
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        a.environment["CRM_NOW"] = "2026-11-25T09:00:00Z"
        b.environment["CRM_NOW"] = "2026-11-25T09:05:00Z"
        try a.ok("contact", "edit", id, "--phone", "+1 555 0001")
        try b.ok("contact", "edit", id, "--phone", "+1 555 0002")
        try b.ok("sync", "--once")
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        for device in [a, b] {
            #expect(try device.ok("contact", "show", id, "--json").object["phone"] as? String == "+1 555 0002")
            let conflicts = try device.ok("sync", "conflicts", "--json").array
            #expect(conflicts.count == 1)
            #expect(conflicts.first?["kind"] as? String == "concurrent_write")
            #expect((conflicts.first?["loser"] as? [String: Any])?["value"] as? String == "\"+1 555 0001\"")
        }
    }

    @Test func deleteOnOneDeviceWhileTheOtherEditsStaysDeletedEverywhere() throws {
        let server = try server()
        let a = try device(server)
        let b = try device(server, user: "ben")
        let id = try a.ok("contact", "add", "--name", "Gone Soon").trimmed
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        try a.ok("contact", "rm", id)
        try b.ok("contact", "edit", id, "--title", "Edited offline")
        for device in [a, b, a, b] { try device.ok("sync", "--once") }
        for device in [a, b] {
            #expect(try device.run("contact", "show", id).code == 66)
        }
        try a.ok("contact", "restore", id)
        for device in [a, b] { try device.ok("sync", "--once") }
        #expect(try b.ok("contact", "show", id, "--json").object["title"] as? String == "Edited offline")
    }

    @Test func aNewDevicePullsEverythingAndALargeOfflineBacklogGoesInBatches() throws {
        let server = try server()
        let a = try device(server)
        try a.ok("demo", "--contacts", "2400")
        let pending = try a.ok("sync", "status", "--json").object["pending"] as? Int ?? 0
        #expect(pending >= 10_000, "a backlog of 10,000 changes made offline, sent in batches of 1,000")
        let report = try a.ok("sync", "--once", "--json").object
        #expect(report["pushed"] as? Int == pending)
        let fresh = try device(server, user: "ben")
        try fresh.ok("sync", "--once")
        let counts = { (cli: CLI, kind: String) throws -> Int in
            try cli.ok(kind, "list", "--limit", "10000", "--json").array.count
        }
        for kind in ["contact", "company", "deal"] {
            #expect(try counts(fresh, kind) == counts(a, kind), "\(kind)")
        }
        #expect(try fresh.ok("check").trimmed == "ok")
    }

    @Test func wrongPasswordServerDownAndLoggedOutHaveClearErrors() throws {
        let server = try server()
        let cli = try CLI()
        cli.environment["XDG_CONFIG_HOME"] = cli.folder.appendingPathComponent("config").path
        let wrong = try cli.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", "ana", input: "nope\n")
        #expect(wrong.code == 77 && wrong.stderr.hasPrefix("crm: error:"))
        let notLinked = try cli.run("sync", "--once")
        #expect(notLinked.code == 64 && notLinked.stderr.contains("crm sync login"))
        let device = try device(server)
        try device.ok("contact", "add", "--name", "Kept locally")
        server.kill()
        let down = try device.run("sync", "--once")
        #expect(down.code == 69 && down.stderr.contains("cannot reach"))
        #expect(
            down.stderr.contains("cannot reach \(server.url): connection refused; local changes are kept"),
            "a sentence, not the network stack's 'connection reset (error set): …) (errno: 111)'")
        #expect(try device.ok("sync", "status", "--json").object["pending"] as? Int ?? 0 > 0)
        try server.start(port: server.port)
        try device.ok("sync", "--once")
        #expect(try device.ok("sync", "status", "--json").object["pending"] as? Int == 0)
    }

    /// A corrupt change in a pull page (its clock overwritten on the server) stops the sync with
    /// an error naming its seq: nothing of the page is applied and the cursor does not move, every
    /// sync retries, and once the server's log is repaired the next sync converges.
    @Test func aCorruptPulledChangeStopsTheSyncWithoutMovingTheCursorUntilTheServerIsFixed() throws {
        let server = try server()
        let a = try device(server)
        let b = try device(server, user: "ben")
        try a.ok("contact", "add", "--name", "Before")
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        let cursor = try #require(try b.ok("sync", "status", "--json").object["cursor"] as? Int)
        let id = try a.ok("contact", "add", "--name", "Corrupted On The Server").trimmed
        try a.ok("sync", "--once")
        let log = try DatabaseQueue(path: String(server.database.dropFirst("sqlite:".count)))
        let (seq, hlc) = try log.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT seq, hlc_wire FROM changes ORDER BY seq DESC"))
            return (row["seq"] as Int, row["hlc_wire"] as String)
        }
        try log.write { db in
            try db.execute(sql: "UPDATE changes SET hlc_wire = 'not-a-clock' WHERE seq = ?", arguments: [seq])
        }
        for _ in 0..<2 {
            let refused = try b.run("sync", "--once")
            #expect(refused.code == 65, "\(refused.stderr)")
            #expect(refused.stderr.contains("pulled change seq \(seq) could not be read: its hlc 'not-a-clock'"))
            let status = try b.ok("sync", "status", "--json").object
            #expect(status["cursor"] as? Int == cursor, "the cursor did not move past the page")
            #expect((status["last_error"] as? String)?.contains("seq \(seq)") == true, "\(status)")
            #expect(try b.run("contact", "show", id).code == 66, "nothing of the page was applied")
        }
        #expect(try b.ok("sync", "status").stdout.contains("pulled change seq \(seq) could not be read"))
        try log.write { db in
            try db.execute(sql: "UPDATE changes SET hlc_wire = ? WHERE seq = ?", arguments: [hlc, seq])
        }
        try b.ok("sync", "--once")
        #expect(try b.ok("contact", "show", id, "--json").object["name"] as? String == "Corrupted On The Server")
        let status = try b.ok("sync", "status", "--json").object
        #expect(status["last_error"] is NSNull)
        #expect((status["cursor"] as? Int ?? 0) >= seq)
        let names = { (cli: CLI) in try cli.ok("contact", "list", "--json").array.compactMap { $0["name"] as? String } }
        #expect(try names(b) == names(a))
    }

    @Test func aDeviceWithItsClockAnHourFastIsRestampedAndDoesNotBeatLaterEdits() throws {
        let server = try server()
        let fast = try CLI()
        fast.environment["XDG_CONFIG_HOME"] = fast.folder.appendingPathComponent("config").path
        let anHourAhead = Date().addingTimeInterval(3600)
        fast.environment["CRM_NOW"] = HLCText.iso(anHourAhead)
        // Offline first, with the fast clock: these HLCs are an hour in the future.
        let id = try fast.ok("contact", "add", "--name", "Fast Clock", "--phone", "+1 555 0100").trimmed
        let login = try fast.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", "ana", input: "ana-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        // The server refuses HLCs more than 5 minutes ahead (422 clock_ahead); the client re-stamps and retries.
        try fast.ok("sync", "--once")
        #expect(try fast.ok("sync", "status", "--json").object["pending"] as? Int == 0)
        let other = try device(server, user: "ben")
        try other.ok("sync", "--once")
        try other.ok("contact", "edit", id, "--phone", "+1 555 0200")
        try other.ok("sync", "--once")
        try fast.ok("sync", "--once")
        // The real-time later edit wins on both devices: the fast clock no longer beats it.
        #expect(try fast.ok("contact", "show", id, "--json").object["phone"] as? String == "+1 555 0200")
        #expect(try other.ok("contact", "show", id, "--json").object["phone"] as? String == "+1 555 0200")
    }
}

/// ISO text for CRM_NOW.
enum HLCText {
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
