// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMStore

/// `crm backup`: a consistent copy of the database.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database to FILE (safe while crm is running)."
    ).underCRM
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The new file to write.") var file: String

    func run() throws {
        let store = try global.openStore()
        try store.backup(to: file)
        Output.line(file)
    }
}
