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
        static let configuration = CommandConfiguration(abstract: "Bring back a deleted contact.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: #number, id prefix, email or name.") var ref: String

        func run() throws {
            try RecordRemoval.run(.contact, ref: ref, global: global, restore: true)
        }
    }
}

/// Shared body of every `rm` and `restore` command.
enum RecordRemoval {
    static func run(_ kind: EntityKind, ref: String, global: GlobalOptions, restore: Bool) throws {
        let store = try global.openStore()
        let id = try store.resolve(kind, ref, includeDeleted: restore)
        if restore { try store.restore(kind, id: id) } else { try store.delete(kind, id: id) }
        if global.json {
            try Output.json(["id": id.rawValue, "deleted": !restore])
        } else {
            Output.line(id.rawValue)
        }
    }
}
