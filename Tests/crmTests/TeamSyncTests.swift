// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A team of three on one real `crm-server`: a manager, a rep and an agent, each on a device of
/// their own, driven through the real `crm` binary (issue 15).
@Suite(.serialized) struct TeamSyncTests {
    /// Tenant acme with mona (manager), rita (rep) and alex (agent), each with an email.
    func server() throws -> ServerProcess {
        let server = try ServerProcess()
        #expect(try server.admin(["tenant", "add", "acme"]).code == 0)
        for (name, role) in [("mona", "manager"), ("rita", "rep"), ("alex", "agent"), ("ritchie", "rep")] {
            let result = try server.admin(
                [
                    "user", "add", "--tenant", "acme", "--name", name, "--role", role, "--email",
                    "\(name)@acme.example", "--cost", "4",
                ], input: "\(name)-secret\n")
            #expect(result.code == 0, "\(result.stderr)")
        }
        try server.start()
        return server
    }

    func device(_ server: ServerProcess, _ user: String) throws -> CLI {
        try CLI.device(on: server, user: user, name: user.capitalized + " Local")
    }

    @Test func aManagerAssignsWorkByNameAndEveryDeviceShowsPeopleByName() throws {
        let server = try server()
        let mona = try device(server, "mona")
        let rita = try device(server, "rita")
        let alex = try device(server, "alex")
        let team = try mona.ok("team", "list", "--json").array
        #expect(
            Set(team.compactMap { $0["name"] as? String }) == ["mona", "rita", "alex", "ritchie"],
            "login brings the team")
        #expect(team.first { $0["me"] as? Bool == true }?["name"] as? String == "mona")

        try mona.ok("deal", "add", "--title", "Rollout", "--amount", "1000", "--owner", "rita")
        try mona.ok("deal", "edit", "Rollout", "--amount", "2500")
        try mona.ok("case", "open", "--subject", "Printer on fire", "--assignee", "alex@acme.example")
        try mona.ok("case", "note", "Printer on fire", "internal: the toner again")
        try mona.ok("activity", "add", "--kind", "task", "--subject", "Call Acme", "--owner", "Rita", "--due", "+1d")
        try mona.ok("activity", "add", "--kind", "task", "--subject", "Plan quarter", "--due", "+1d")
        try rita.ok("activity", "add", "--kind", "task", "--subject", "Visit Globex", "--due", "+2d")
        for device in [mona, rita, alex, mona, rita, alex] { try device.ok("sync", "--once") }

        let deals = try rita.ok("deal", "list")
        #expect(deals.stdout.contains("rita"), "the owner by name: \(deals.stdout)")
        let mine = try rita.ok("task", "list", "--owner", "me", "--json").array.compactMap { $0["subject"] as? String }
        #expect(Set(mine) == ["Call Acme", "Visit Globex"])
        #expect(try rita.ok("case", "list", "--status", "all", "--json").array.isEmpty, "a rep holds no case")
        let repActivities = try rita.ok("activity", "list", "--json", "--limit", "100").array
        #expect(!repActivities.contains { ($0["subject"] as? String)?.contains("toner") == true }, "nor its notes")
        let assigned = try alex.ok("case", "list", "--assignee", "me", "--json").array
        #expect(assigned.map { $0["subject"] as? String } == ["Printer on fire"])
        #expect(try alex.ok("case", "list").stdout.contains("alex"))

        let timeline = try rita.ok("deal", "show", "Rollout").stdout
        #expect(timeline.contains("mona: amount: 1,000.00 USD → 2,500.00 USD"), "\(timeline)")
        let board = try rita.ok("report", "leaderboard").stdout
        #expect(board.contains("rita"), "\(board)")
        for output in [deals.stdout, timeline, board, try alex.ok("case", "show", "Printer on fire").stdout] {
            #expect(output.firstMatch(of: HumanOutput.uuid) == nil, "no id in: \(output)")
        }

        #expect(try server.admin(["user", "deactivate", "--tenant", "acme", "alex"]).code == 0)
        try mona.ok("sync", "--once")
        let refused = try mona.run("case", "assign", "Printer on fire", "alex")
        #expect(refused.code == 65 && refused.stderr.contains("deactivated"), "\(refused.stderr)")
        #expect(try mona.ok("case", "show", "Printer on fire", "--json").object["assignee_id"] as? String != nil)
        let ambiguous = try mona.run("deal", "add", "--title", "Upsell", "--amount", "5", "--owner", "rit")
        #expect(
            ambiguous.code == 64 && ambiguous.stderr.contains("rita") && ambiguous.stderr.contains("ritchie"),
            "candidates listed: \(ambiguous.stderr)")
        let status = try alex.run("sync", "--once")
        #expect(status.code != 0, "a deactivated user's device is refused at once")
    }

    /// Records made offline before the first login move to the server account; a role change
    /// ends the user's tokens, so the device logs in again and takes the new role up.
    @Test func offlineWorkMovesToTheServerAccountAndARoleChangeEndsTheSession() throws {
        let server = try server()
        let rita = try CLI()
        rita.environment["XDG_CONFIG_HOME"] = rita.folder.appendingPathComponent("config").path
        try rita.ok("init", "--user", "Rita Offline")
        try rita.ok("contact", "add", "--name", "Met on the train")
        let login = try rita.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", "rita", input: "rita-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        try rita.ok("sync", "--once")
        let mona = try device(server, "mona")
        try mona.ok("sync", "--once")
        let contact = try mona.ok("contact", "show", "Met on the train", "--json").object
        #expect(contact["owner"] as? String == "rita", "the owner is the server account, known to the team")
        #expect(try rita.ok("team", "list", "--json").array.allSatisfy { $0["name"] as? String != "Rita Offline" })

        #expect(try server.admin(["user", "role", "--tenant", "acme", "rita", "manager"]).code == 0)
        let refused = try rita.run("sync", "--once")
        #expect(refused.code == 77, "the old token is gone: \(refused.stderr)")
    }

    /// SYNC.md scenario 19: a refused change is visible, the rest of the queue goes on.
    @Test func aRefusedCaseNeverBlocksTheRepsQueue() throws {
        let server = try server()
        let rita = try device(server, "rita")
        let opened = try rita.run("case", "open", "--subject", "Customer asked for a refund")
        #expect(opened.code == 0 && opened.stderr.contains("warning"), "the role is known: \(opened.stderr)")
        try rita.ok("contact", "add", "--name", "Zoë Ångström")
        for step in 1...9 { try rita.ok("contact", "edit", "Zoë Ångström", "--title", "Step \(step)") }
        try rita.ok("sync", "--once")
        var status = try rita.ok("sync", "status", "--json").object
        #expect(status["pending"] as? Int == 0 && status["refused"] as? Int == 1)
        let refusals = try rita.ok("sync", "refused", "--json").array
        #expect(refusals.count == 1)
        #expect(refusals.first?["code"] as? String == "role_forbids")
        #expect(refusals.first?["label"] as? String == "Customer asked for a refund")
        #expect(try rita.ok("case", "list", "--status", "all", "--json").array.isEmpty)

        let mona = try device(server, "mona")
        try mona.ok("sync", "--once")
        #expect(try mona.ok("contact", "show", "Zoë Ångström", "--json").object["title"] as? String == "Step 9")
        #expect(try mona.ok("case", "list", "--status", "all", "--json").array.isEmpty)

        let id = try #require(refusals.first?["change_id"] as? String)
        try rita.ok("sync", "refused", "note", String(id.prefix(8)))
        try rita.ok("sync", "--once")
        status = try rita.ok("sync", "status", "--json").object
        #expect(status["pending"] as? Int == 0 && status["refused"] as? Int == 0)
        let fresh = try device(server, "rita")
        try fresh.ok("sync", "--once")
        for kind in ["contact", "case", "deal", "activity"] {
            #expect(try HumanOutput.records(rita, kind) == HumanOutput.records(fresh, kind), "\(kind)s equal")
        }
    }

    /// A `--strict` import is one transaction far larger than a push, and a 900 KB note is close
    /// to the largest value: both travel, and a fresh device ends equal to the importing one.
    @Test func aLargeImportAndALargeValueSyncWithoutWedgingTheQueue() throws {
        let server = try server()
        let mona = try device(server, "mona")
        var csv = "Name,Email,Company\n"
        for row in 0..<20_000 { csv += "Person \(row),p\(row)@example.com,Company \(row / 4)\n" }
        let file = mona.folder.appendingPathComponent("people.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        try mona.ok("import", "csv", file.path, "--kind", "contact", "--strict")
        let long = mona.folder.appendingPathComponent("long.csv")
        try ("Name,Notes\nLong Notes," + String(repeating: "n", count: 900_000) + "\n").write(
            to: long, atomically: true, encoding: .utf8)
        try mona.ok("import", "csv", long.path, "--kind", "contact", "--strict")
        let huge = mona.folder.appendingPathComponent("huge.csv")
        try ("Name,Notes\nHuge,\"" + String(repeating: "é", count: 522_900) + "\"\n").write(
            to: huge, atomically: true, encoding: .utf8)
        let tooBig = try mona.run("import", "csv", huge.path, "--kind", "contact", "--strict")
        #expect(tooBig.code == 65 && tooBig.stderr.contains("notes"), "refused at write time: \(tooBig.stderr)")
        let pushed = try mona.ok("sync", "--once", "--json").object
        #expect(pushed["pushed"] as? Int == 25_001)
        #expect(try mona.ok("sync", "status", "--json").object["pending"] as? Int == 0)
        let fresh = try device(server, "mona")
        try fresh.ok("sync", "--once")
        #expect(try fresh.count("company") == 5_000)
        #expect(try HumanOutput.records(mona, "contact") == HumanOutput.records(fresh, "contact"))
        let notes = try fresh.ok("contact", "show", "Long Notes", "--json").object["notes"] as? String
        #expect(notes?.count == 900_000)
    }
}

/// What the team tests compare and scan.
enum HumanOutput {
    nonisolated(unsafe) static let uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
    nonisolated(unsafe) static let epoch = /(^|[^0-9])1[0-9]{12}([^0-9]|$)/

    /// A device's records of `kind` by id, without the device-local numbers.
    static func records(_ device: CLI, _ kind: String) throws -> [String: String] {
        let rows = try device.run(kind, "list", "--json", "--limit", "50000", "--status", "all").array
        let list = rows.isEmpty ? try device.run(kind, "list", "--json", "--limit", "50000").array : rows
        var records: [String: String] = [:]
        for var row in list {
            row.removeValue(forKey: "num")
            let id = row["id"] as? String ?? ""
            let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
            records[id] = String(decoding: data, as: UTF8.self)
        }
        return records
    }
}
