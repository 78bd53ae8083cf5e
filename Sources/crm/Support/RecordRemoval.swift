// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// Shared body of every `rm` and `restore` command.
enum RecordRemoval {
    static func run(_ kind: EntityKind, ref: String, global: GlobalOptions, restore: Bool) throws {
        let store = try global.openStore()
        let id = try store.resolve(kind, ref, includeDeleted: restore)
        var others: [String] = []
        if restore { others = try store.restore(kind, id: id) } else { try store.delete(kind, id: id) }
        print(id: id, deleted: !restore, others: others, json: global.json)
    }

    /// Prints the record's id, then the records that came back or went with it.
    static func print(id: RecordID, deleted: Bool, others: [String], json: Bool) {
        if json {
            Output.json(["id": id.jsonValue, "deleted": deleted.jsonValue, "with": others.jsonValue])
        } else {
            Output.line(id.rawValue)
            for other in others { Output.line((deleted ? "also deleted " : "also restored ") + other) }
        }
    }
}
