// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm search`: full-text, prefix search across every kind.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract:
            "Search names, emails, phones, companies, deal titles, case subjects and notes (prefixes, accents ignored).",
        discussion: """
            Examples:
              crm search zoe
              crm search acme rollout --kind deal
              crm search ang --json | jq -r '.[0].id'
            """
    ).underCRM

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to find, quoted or not; each matches as a prefix.") var words: [String]

    /// The words as one query: `crm search zoe acme` and `crm search "zoe acme"` are the same.
    var query: String { words.joined(separator: " ") }

    func validate() throws {
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("give at least one word to search for")
        }
    }
    @Option(help: "Kinds to search, comma-separated: contact,company,deal,case,activity.") var kind: String?
    @Option(help: "Most results.") var limit = 20

    func run() throws {
        var kinds: Set<EntityKind>?
        if let kind {
            kinds = Set(
                try kind.split(separator: ",").map { name -> EntityKind in
                    let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
                    guard let parsed = EntityKind(rawValue: trimmed),
                        [.contact, .company, .deal, .supportCase, .activity].contains(parsed)
                    else {
                        throw DomainError.unknownChoice(
                            field: "kind", value: trimmed, allowed: ["contact", "company", "deal", "case", "activity"])
                    }
                    return parsed
                })
        }
        let store = try global.openStoreForReading()
        let hits = try store.search(query, kinds: kinds, limit: limit)
        if global.json {
            let contacts = try store.contacts(ids: hits.filter { $0.kind == .contact }.map(\.id))
            let detailed = hits.map { hit -> [String: JSONValue] in
                var object = RecordJSON.hit(hit)
                if hit.kind == .contact, let contact = contacts[hit.id] {
                    object["name"] = contact.name.jsonValue
                    object["email"] = contact.email.jsonValue
                    object["company"] = contact.companyName.jsonValue
                }
                return object
            }
            return Output.json(detailed)
        }
        if hits.isEmpty { return Output.line("Nothing matches '\(query)'.") }
        Output.table(
            ["#", "KIND", "TITLE", "DETAIL"], hits.map { ["\($0.num)", $0.kind.label, $0.title, $0.detail] },
            maxWidth: 60)
    }
}
