// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Undo across devices: the real `crm-server` on loopback and two client databases.
@Suite(.serialized) struct UndoSyncTests {
    func device(_ server: ServerProcess, user: String) async throws -> CLI {
        let cli = try CLI()
        cli.environment["XDG_CONFIG_HOME"] = cli.folder.appendingPathComponent("config").path
        try await cli.ok("init", "--user", user)
        let login = try await cli.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", user, input: "\(user)-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        return cli
    }

    /// Every live contact with its synced fields, sorted.
    func contacts(_ cli: CLI) async throws -> [String] {
        try await cli.ok("contact", "list", "--json", "--limit", "5000").array.map { contact in
            ["id", "name", "email", "phone", "company"].map { "\(contact[$0] ?? "-")" }.joined(separator: "|")
        }.sorted()
    }

    @Test func undoneMergeAndImportEndEqualOnTheSecondDevice() async throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager")])
        try server.start()
        let a = try await device(server, user: "ana")
        let b = try await device(server, user: "ben")
        try await a.ok("contact", "add", "--name", "José García", "--email", "jose@acme.example", "--company", "Acme")
        try await a.ok("contact", "add", "--name", "jose garcia", "--phone", "+1 555 0100", "--company", "Acme")
        try await a.ok("sync", "--once")
        try await b.ok("sync", "--once")
        let before = try await contacts(b)
        #expect(before.count == 2)
        try await a.ok("dedupe", "--apply")
        var csv = "Name,Email\n"
        for index in 0..<500 { csv += "Person \(index),p\(index)@example.com\n" }
        let path = a.folder.appendingPathComponent("people.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let imported = try await a.ok("import", "csv", path, "--kind", "contact", "--json").object
        let run = try #require(imported["import_id"] as? Int)
        try await a.ok("sync", "--once")
        try await b.ok("sync", "--once")
        #expect(try await b.count("contact") == 501)
        try await a.ok("undo", "--import", String(run))
        let history = try await a.ok("undo", "--list", "--json", "--limit", "5").array
        let merge = try #require(
            history.first {
                ($0["changes"] as? [String])?.contains { $0.hasPrefix("deleted contact") } == true
                    && ($0["changes"] as? [String])?.contains { $0.contains("activity") } == true
            }?["transaction"] as? Int)
        try await a.ok("undo", String(merge))
        for device in [a, b] { try await device.ok("sync", "--once") }
        #expect(try await contacts(a) == before)
        #expect(try await contacts(b) == before)
    }

    /// What must be equal on every device: each live deal and company with its synced fields.
    func state(_ cli: CLI) async throws -> [String] {
        let deals = try await cli.ok("deal", "list", "--json", "--limit", "1000").array.map { deal in
            ["id", "title", "amount", "currency", "stage", "company"].map { "\(deal[$0] ?? "-")" }.joined(
                separator: "|")
        }
        let companies = try await cli.ok("company", "list", "--json", "--limit", "1000").array.map { company in
            ["id", "name"].map { "\(company[$0] ?? "-")" }.joined(separator: "|")
        }
        return (deals + companies).sorted()
    }

    @Test func undoSyncsAndKeepsWhatAnotherDeviceChangedSince() async throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager")])
        try server.start()
        let a = try await device(server, user: "ana")
        let b = try await device(server, user: "ben")
        for title in ["Rollout", "Renewal"] {
            try await a.ok(
                "deal", "add", "--title", title, "--amount", "100", "--currency", "EUR", "--company", "Acme GmbH")
        }
        let id = try await a.ok("deal", "show", "Rollout", "--json").object["id"] as? String ?? ""
        try await a.ok("deal", "edit", id, "--amount", "900", "--title", "Rollout 2027")
        try await a.ok("sync", "--once")
        try await b.ok("sync", "--once")
        try await b.ok("deal", "edit", id, "--title", "Rollout (Ben)")
        try await b.ok("sync", "--once")
        try await a.ok("sync", "--once")
        let undo = try await a.ok("undo").stdout
        #expect(undo.contains("amount 900.00 EUR → 100.00 EUR"), "\(undo)")
        #expect(undo.contains("title left as \"Rollout (Ben)\"; ben on another device changed it since"), "\(undo)")
        try await a.ok("company", "rm", "Acme GmbH", "--with-deals")
        try await a.ok("sync", "--once")
        try await b.ok("sync", "--once")
        #expect(try await state(b) == state(a))
        #expect(try await b.count("deal") == 0)
        try await a.ok("undo")
        for device in [a, b, a] { try await device.ok("sync", "--once") }
        let final = try await state(a)
        #expect(final.count == 3)
        #expect(final.contains { $0.contains("Rollout (Ben)|100.00|EUR") })
        #expect(try await state(b) == final)
    }
}
