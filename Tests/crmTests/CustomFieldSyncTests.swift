// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Custom fields across devices (issue 19): the real `crm-server` on loopback, three client databases.
///
/// Definitions are records that sync; values are set on another device and read on a
/// third, identical.
@Suite(.serialized) struct CustomFieldSyncTests {
    func device(_ server: ServerProcess, user: String) async throws -> CLI {
        let cli = try CLI()
        cli.environment["XDG_CONFIG_HOME"] = cli.folder.appendingPathComponent("config").path
        try await cli.ok("init", "--user", user)
        let login = try await cli.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", user, input: "\(user)-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        return cli
    }

    /// Runs `crm --db DB arguments…` off the cooperative pool, for argument lists built at run time.
    static func run(_ cli: CLI, _ arguments: [String]) async throws -> CLI.Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try cli.run(arguments: ["--db", cli.db] + arguments) })
            }
        }
    }

    /// The contact's custom values as `--json` prints them, as canonical JSON text.
    func custom(_ cli: CLI, _ contact: String) async throws -> String {
        let object = try await cli.ok("contact", "show", contact, "--json").object
        let custom = try #require(object["custom"] as? [String: Any])
        let data = try JSONSerialization.data(withJSONObject: custom, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aFieldOfEachTypeDefinedOnOneDeviceSetOnASecondReadsTheSameOnAThird() async throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "rep"), ("cy", "rep")])
        try server.start()
        let ana = try await device(server, user: "ana")
        let definitions: [[String]] = [
            ["Note", "--type", "text"], ["Score", "--type", "number"], ["Budget", "--type", "money"],
            ["Renewal date", "--type", "date"], ["Call at", "--type", "datetime"], ["VIP", "--type", "bool"],
            ["Region", "--type", "one-of", "--choices", "North,South,East,West"],
            ["Channels", "--type", "many-of", "--choices", "Email,Phone,Chat"],
            ["Account", "--type", "link", "--to", "company"], ["Buddy", "--type", "person"],
        ]
        for definition in definitions {
            let added = try await Self.run(ana, ["field", "add", "contact"] + definition)
            #expect(added.code == 0, "\(added.stderr)")
        }
        try await ana.ok("contact", "add", "--name", "Eve Adams")
        try await ana.ok("company", "add", "--name", "Acme GmbH")
        try await ana.ok("sync", "--once")

        let ben = try await device(server, user: "ben")
        try await ben.ok("sync", "--once")
        let listed = try await ben.ok("field", "list", "contact", "--json").array.compactMap { $0["name"] as? String }
        #expect(listed == definitions.map { $0[0] }, "every definition reached the second device")
        let refused = try await ben.run("field", "add", "contact", "Shoe size", "--type", "number")
        #expect(refused.code == 65 && refused.stderr.contains("rep"), "a rep may not define fields: \(refused.stderr)")
        try await ben.ok(
            "contact", "edit", "Eve Adams", "--set", "Note=Met at the fair", "--set", "Score=4.5", "--set",
            "Budget=1200.50 EUR", "--set", "Renewal date=2027-03-01", "--set", "Call at=2027-01-15 09:30", "--set",
            "VIP=yes", "--set", "region=south", "--set", "Channels=chat,email", "--set", "Account=Acme GmbH", "--set",
            "Buddy=ana")
        let set = try await custom(ben, "Eve Adams")
        try await ben.ok("sync", "--once")

        let cy = try await device(server, user: "cy")
        try await cy.ok("sync", "--once")
        try await ana.ok("sync", "--once")
        #expect(try await custom(cy, "Eve Adams") == set)
        #expect(try await custom(ana, "Eve Adams") == set)
        #expect(set.contains("\"region\":\"South\"") && set.contains("\"channels\":[\"Chat\",\"Email\"]"), "\(set)")
        #expect(set.contains("\"score\":4.5") && set.contains("\"vip\":true"), "\(set)")
        #expect(set.contains("\"budget\":{\"amount\":\"1200.50\",\"currency\":\"EUR\"}"), "\(set)")
        let shown = try await cy.ok("contact", "show", "Eve Adams").stdout
        #expect(shown.contains("Region") && shown.contains("South") && shown.contains("company #"), "\(shown)")
        let found = try await cy.ok("search", "fair", "--json").array
        #expect(found.contains { $0["title"] as? String == "Eve Adams" }, "text custom values are searchable")

        let invalid = try await cy.run("contact", "edit", "Eve Adams", "--set", "Score=lots")
        #expect(invalid.code == 65 && invalid.stderr.contains("Score"), "\(invalid.stderr)")
        let choice = try await cy.run("contact", "edit", "Eve Adams", "--set", "Region=Middle")
        #expect(choice.code == 65 && choice.stderr.contains("Region"), "\(choice.stderr)")
        #expect(try await custom(cy, "Eve Adams") == set, "nothing of a refused value was written")
    }
}
