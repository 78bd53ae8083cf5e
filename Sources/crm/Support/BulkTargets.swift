// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// The records a change applies to and the value it sets: `12 solved` (one record, the old
/// form), `12 13 14 --to solved`, or `--where "status=new,queue=billing" --to solved`.
///
/// Several records, or a filter, become one `Store.bulk` call: one transaction, so one
/// `crm undo` takes the whole change back. One reference without `--to` keeps the single-record
/// command and its output, so scripts written before bulk still work.
struct BulkTargets: ParsableArguments {
    @Argument(
        help:
            "The records (#number, id prefix or name); with --to, as many as you like. Without --to, the last is the value."
    )
    var refs: [String] = []
    @Option(help: "The value for every record given (a person, status, priority or stage).") var to: String?
    @Option(
        name: .customLong("where"),
        help:
            "Every record matching field=value pairs, comma-separated (\"stage=Lead,owner=me\"), instead of references."
    )
    var filter: String?

    func validate() throws {
        if filter != nil && to == nil {
            throw ValidationError("--where needs --to VALUE: what to set on every matching record")
        }
        if filter != nil && !refs.isEmpty {
            throw ValidationError("give references or --where, not both")
        }
        if to == nil && refs.count != 2 {
            throw ValidationError(
                refs.count > 2
                    ? "with several references, give the value with --to (crm case assign 12 13 14 --to me)"
                    : "give a reference and a value, or references and --to VALUE")
        }
        if to != nil && filter == nil && refs.isEmpty {
            throw ValidationError("give the records to change: references, or --where FILTER")
        }
    }

    /// The single record of the old form (`crm case assign 12 me`), else nil.
    var single: (ref: String, value: String)? {
        guard to == nil, refs.count == 2 else { return nil }
        return (refs[0], refs[1])
    }

    /// The value to set.
    var value: String { to ?? refs.last ?? "" }

    /// The ids of the records: each reference resolved, or every record the filter matches.
    func ids(_ kind: EntityKind, in store: Store) throws -> [RecordID] {
        if let filter { return try store.ids(of: kind, where: try WhereFilter.parse(filter, kind: kind, in: store)) }
        return try refs.map { try store.resolve(kind, $0) }
    }

    /// Applies `action` to the records in one store call and prints how many changed (or JSON).
    func run(_ kind: EntityKind, _ action: BulkAction, in store: Store, json: Bool, done: String) throws {
        let ids = try ids(kind, in: store)
        guard !ids.isEmpty else {
            throw Failure("no \(kind.label) matches --where \"\(filter ?? "")\"; nothing changed", code: .noInput)
        }
        let changed = try store.bulk(ids, of: kind, action)
        if json {
            return Output.json(["matched": ids.count.jsonValue, "changed": changed.jsonValue, "ids": ids.jsonValue])
        }
        let noun = ids.count == 1 ? kind.label : kind.plural
        let unchanged = ids.count - changed
        Output.line(
            "\(ids.count) \(noun): \(done)" + (unchanged > 0 ? " (\(unchanged) already were)" : "")
                + (changed > 0 ? "; crm undo takes it back" : ""))
    }
}
