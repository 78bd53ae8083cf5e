// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Undo across devices: the real `crm-server` on loopback and two client databases.
@Suite(.serialized) struct UndoSyncTests {
    func device(_ server: ServerProcess, user: String) throws -> CLI {
        let cli = try CLI()
        cli.environment["XDG_CONFIG_HOME"] = cli.folder.appendingPathComponent("config").path
        try cli.ok("init", "--user", user)
        let login = try cli.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", user, input: "\(user)-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        return cli
    }

    /// Every live contact with its synced fields, sorted.
    func contacts(_ cli: CLI) throws -> [String] {
        try cli.ok("contact", "list", "--json", "--limit", "5000").array.map { contact in
            ["id", "name", "email", "phone", "company"].map { "\(contact[$0] ?? "-")" }.joined(separator: "|")
        }.sorted()
    }

    @Test func undoneMergeAndImportEndEqualOnTheSecondDevice() throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager")])
        try server.start()
        let a = try device(server, user: "ana")
        let b = try device(server, user: "ben")
        try a.ok("contact", "add", "--name", "José García", "--email", "jose@acme.example", "--company", "Acme")
        try a.ok("contact", "add", "--name", "jose garcia", "--phone", "+1 555 0100", "--company", "Acme")
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        let before = try contacts(b)
        #expect(before.count == 2)
        try a.ok("dedupe", "--apply")
        var csv = "Name,Email\n"
        for index in 0..<500 { csv += "Person \(index),p\(index)@example.com\n" }
        let path = a.folder.appendingPathComponent("people.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try #require(
            try a.ok("import", "csv", path, "--kind", "contact", "--json").object["import_id"] as? Int)
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        #expect(try b.count("contact") == 501)
        try a.ok("undo", "--import", String(run))
        let merge = try #require(
            try a.ok("undo", "--list", "--json", "--limit", "5").array.first {
                ($0["changes"] as? [String])?.contains { $0.hasPrefix("deleted contact") } == true
                    && ($0["changes"] as? [String])?.contains { $0.contains("activity") } == true
            }?["transaction"] as? Int)
        try a.ok("undo", String(merge))
        for device in [a, b] { try device.ok("sync", "--once") }
        #expect(try contacts(a) == before)
        #expect(try contacts(b) == before)
    }

    /// What must be equal on every device: each live deal and company with its synced fields.
    func state(_ cli: CLI) throws -> [String] {
        let deals = try cli.ok("deal", "list", "--json", "--limit", "1000").array.map { deal in
            ["id", "title", "amount", "currency", "stage", "company"].map { "\(deal[$0] ?? "-")" }.joined(
                separator: "|")
        }
        let companies = try cli.ok("company", "list", "--json", "--limit", "1000").array.map { company in
            ["id", "name"].map { "\(company[$0] ?? "-")" }.joined(separator: "|")
        }
        return (deals + companies).sorted()
    }

    @Test func undoSyncsAndKeepsWhatAnotherDeviceChangedSince() throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager")])
        try server.start()
        let a = try device(server, user: "ana")
        let b = try device(server, user: "ben")
        for title in ["Rollout", "Renewal"] {
            try a.ok("deal", "add", "--title", title, "--amount", "100", "--currency", "EUR", "--company", "Acme GmbH")
        }
        let id = try a.ok("deal", "show", "Rollout", "--json").object["id"] as? String ?? ""
        try a.ok("deal", "edit", id, "--amount", "900", "--title", "Rollout 2027")
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        try b.ok("deal", "edit", id, "--title", "Rollout (Ben)")
        try b.ok("sync", "--once")
        try a.ok("sync", "--once")
        let undo = try a.ok("undo").stdout
        #expect(undo.contains("amount 900.00 EUR → 100.00 EUR"), "\(undo)")
        #expect(undo.contains("title left as \"Rollout (Ben)\"; ben on another device changed it since"), "\(undo)")
        try a.ok("company", "rm", "Acme GmbH", "--with-deals")
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        #expect(try state(b) == state(a))
        #expect(try b.count("deal") == 0)
        try a.ok("undo")
        for device in [a, b, a] { try device.ok("sync", "--once") }
        let final = try state(a)
        #expect(final.count == 3)
        #expect(final.contains { $0.contains("Rollout (Ben)|100.00|EUR") })
        #expect(try state(b) == final)
    }
}
