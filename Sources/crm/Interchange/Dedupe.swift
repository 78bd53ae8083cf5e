// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMInterchangeStore

/// `crm dedupe`: list likely duplicate contacts or companies, and merge them with --apply.
struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Find duplicate contacts or companies; --apply merges them.",
        discussion: """
            Pairs are found by normalised email, normalised phone, and similar name at the same company, each with a
            score and the reason. A merge keeps the older record, moves every deal, activity and case of the other to
            it, deletes the other (synced like any delete) and notes the merge in the kept record's timeline.
            """
    ).underCRM

    @OptionGroup var global: GlobalOptions
    @Option(help: "contact or company.") var kind: String = "contact"
    @Flag(help: "Merge every pair listed.") var apply = false

    func validate() throws {
        guard kind == "contact" || kind == "company" else { throw ValidationError("--kind must be contact or company") }
    }

    func run() throws {
        let store = try global.openStore()
        let deduper = try StoreDeduper(store: store, kind: kind == "company" ? .company : .contact)
        let candidates = try deduper.candidates()
        let merged = apply ? try deduper.apply(candidates) : []
        if global.json {
            Output.json(
                candidates.map { pair -> JSONValue in
                    [
                        "id": pair.duplicate.id.jsonValue, "keep_id": pair.keep.id.jsonValue,
                        "score": pair.score.jsonValue, "reasons": pair.reasons.jsonValue,
                        "merged": merged.contains(pair).jsonValue,
                        "keep": (pair.keep.fields["name"]?.text ?? "").jsonValue,
                        "duplicate": (pair.duplicate.fields["name"]?.text ?? "").jsonValue,
                    ]
                })
            return
        }
        guard !candidates.isEmpty else {
            Output.line("no duplicate \(kind)s found")
            return
        }
        Output.table(
            ["score", "keep", "duplicate", "why"],
            candidates.map { pair in
                [
                    String(format: "%.2f", pair.score), "#\(pair.keep.num) \(pair.keep.fields["name"]?.text ?? "")",
                    "#\(pair.duplicate.num) \(pair.duplicate.fields["name"]?.text ?? "")",
                    pair.reasons.joined(separator: "; "),
                ]
            }, maxWidth: 60)
        Output.line(
            apply ? "merged \(merged.count) pair(s)" : "\(candidates.count) pair(s); run with --apply to merge them")
    }
}
