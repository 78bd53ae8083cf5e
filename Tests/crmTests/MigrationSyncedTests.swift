// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// An export imported on a device that syncs (issue 17): the server is the team directory's
/// authority, so the import creates no team member; it prints the admin's `crm-server` lines, and
/// once the admin ran them and the device synced, importing again gives the records their owners.
@Suite(.serialized) struct MigrationSyncedTests {
    @Test(InterchangeCommandTests.fixturesRequired)
    func aSyncedDeviceReportsTheOwnersForTheAdminAndLinksThemOnceAdded() throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("mona", "manager")])
        try server.start()
        let device = try CLI()
        device.environment["TZ"] = "UTC"
        device.environment["XDG_CONFIG_HOME"] = device.folder.appendingPathComponent("config").path
        try device.ok("init", "--user", "Mona Local")
        let login = try device.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", "mona", input: "mona-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        let folder = try MigrationExportTests().exportFolder(in: device)

        let first = try device.ok("import", "salesforce", folder.path).stdout
        #expect(try device.ok("team", "list", "--json").array.count == 1, "nobody created on a synced device")
        let add = try #require(
            first.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first {
                $0.hasPrefix("echo \"$PASSWORD\" | crm-server user add") && $0.contains("Dana Owner")
            })
        #expect(
            add
                == "echo \"$PASSWORD\" | crm-server user add --tenant acme --name 'Dana Owner' --role rep --email dana@org.example"
        )
        let deactivate = "crm-server user deactivate --tenant acme 'Dana Owner'"
        #expect(first.contains(deactivate))
        #expect(
            try device.ok("import", "check", "--json").array.count == 22 + 102 + 50 + 40 + 75, "every owner kept")

        // The admin runs the two printed lines as they are (the password on stdin).
        let added = try server.admin(
            Self.arguments(add.replacingOccurrences(of: "echo \"$PASSWORD\" | ", with: "")), input: "dana-secret\n")
        #expect(added.code == 0, "\(added.stderr)")
        #expect(try server.admin(Self.arguments(deactivate)).code == 0)
        try device.ok("sync", "--once")
        let dana = try device.ok("team", "list", "--json").array.first { $0["name"] as? String == "Dana Owner" }
        #expect(dana?["active"] as? Bool == false)

        let again = try device.ok("import", "salesforce", folder.path, "--json").object
        #expect(again["unresolved"] as? Int == 1, "Sam Admin's account still waits for the admin")
        let waiting = try device.ok("import", "check", "--json").array
        #expect(waiting.map { $0["source_id"] as? String } == ["005Ec000004o8yHIAQ"])
        let board = try device.ok("report", "leaderboard", "--json").object["periods"] as? [[String: Any]] ?? []
        let owners = (board.first?["owners"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(owners == ["Dana Owner"], "the deals belong to the member the admin added")
    }

    /// The words of a printed shell line, single quotes kept together: `crm-server` dropped.
    static func arguments(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quoted = false
        for character in line {
            if character == "'" {
                quoted.toggle()
            } else if character == " " && !quoted {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { words.append(word) }
        return Array(words.dropFirst())
    }
}
