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
        try print(kind, id: id, deleted: !restore, others: others, global: global, store: store)
    }

    /// Prints the sentence `Deleted deal 7 "Rollout"` on stderr (`WriteReceipt`), then on stdout,
    /// as scripts read it, the record's id and the records that came back or went with it.
    static func print(
        _ kind: EntityKind, id: RecordID, deleted: Bool, others: [String], global: GlobalOptions, store: Store
    ) throws {
        if global.json {
            var object = try record(kind, id, in: store)
            object["id"] = id.jsonValue
            object["deleted"] = deleted.jsonValue
            object["with"] = others.jsonValue
            return Output.json(object)
        }
        if !global.quiet {
            Output.error("\(deleted ? "Deleted" : "Restored") \(try label(kind, id, in: store))\n")
        }
        Output.line(id.rawValue)
        for other in others { Output.line((deleted ? "also deleted " : "also restored ") + other) }
    }

    /// The record's fields as `list --json` prints them (a deleted record has no `show`).
    static func record(_ kind: EntityKind, _ id: RecordID, in store: Store) throws -> [String: JSONValue] {
        switch kind {
        case .contact: RecordJSON.contact(try store.contact(id))
        case .company: RecordJSON.company(try store.company(id))
        case .deal: RecordJSON.deal(try store.deal(id))
        case .supportCase: RecordJSON.supportCase(try store.supportCase(id), nowMillis: store.nowMillis)
        case .activity: RecordJSON.activity(try store.activity(id))
        default: [:]
        }
    }

    /// `contact 42 Ana Lima` or `deal 7 "Rollout"`: a record's kind, number and name, read
    /// whether it is deleted or not.
    static func label(_ kind: EntityKind, _ id: RecordID, in store: Store) throws -> String {
        let fields = try store.fields(of: kind, id: id)
        let num = try store.num(of: kind, id: id).map { " \($0)" } ?? ""
        if let name = fields["name"]?.text { return "\(kind.label)\(num) \(name)" }
        let title = fields["title"]?.text ?? fields["subject"]?.text ?? ""
        return "\(kind.label)\(num) \(WriteReceipt.quoted(title))"
    }
}
