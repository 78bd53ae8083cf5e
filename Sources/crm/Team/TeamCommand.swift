// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm team`: the people of the team, as the server's directory last told this device.
struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team", abstract: "The team directory: who owners and assignees can be.",
        subcommands: [List.self], defaultSubcommand: List.self
    ).underCRM

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List teammates: name, email, role, active or not (kept offline; refreshed by crm sync).",
            discussion: """
                Examples:
                  crm team list
                  crm team list --json | jq -r '.[] | select(.active) | .email'
                """)
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let team = try store.team()
            let me = try store.currentUser()?.id
            if global.json {
                return Output.json(
                    team.map { user -> JSONValue in
                        [
                            "id": user.id.jsonValue, "name": user.name.jsonValue, "email": user.email.jsonValue,
                            "role": user.role.jsonValue, "active": user.active.jsonValue,
                            "me": (user.id == me).jsonValue,
                        ]
                    })
            }
            if team.isEmpty {
                return print("No team yet: crm init --user NAME, or crm sync login to receive the team's directory.")
            }
            Output.table(
                ["NAME", "EMAIL", "ROLE", "STATUS"],
                team.map { user in
                    [
                        user.name + (user.id == me ? " (you)" : ""), user.email ?? "", user.role,
                        user.active ? "active" : "deactivated",
                    ]
                })
        }
    }
}
