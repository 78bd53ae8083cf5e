// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension ContactCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Delete a contact (kept as a tombstone; `crm contact restore` undoes it).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: #number, id prefix, email or name.") var ref: String

        func run() throws {
            try RecordRemoval.run(.contact, ref: ref, global: global, restore: false)
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore", abstract: "Bring back a deleted contact.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: #number, id prefix, email or name.") var ref: String

        func run() throws {
            try RecordRemoval.run(.contact, ref: ref, global: global, restore: true)
        }
    }
}
