// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// `crm contact`: the people you sell to and support.
struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Add, list, show, edit and remove contacts.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self, Restore.self]
    ).underCRM
}
