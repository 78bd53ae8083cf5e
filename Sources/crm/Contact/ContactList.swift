// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension ContactCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List contacts by name, a page at a time.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Rows per page.") var limit = 50
        @Option(help: "Continue after this contact (the #number of the last row of the previous page).") var after:
            String?
        @Option(help: "Only contacts with this tag.") var tag: String?
        @Option(help: "Only contacts of this company.") var company: String?
        @Option(
            name: .customLong("where"),
            help: "Conditions on fields, custom fields too: \"Region=North,Renewal date<2027-01-01\".")
        var filter: String?
        @Option(help: "Sort by a field or custom field; a leading - sorts descending.") var sort: String?

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        }

        func run() throws {
            let store = try global.openStoreForReading()
            var cursor: ListCursor?
            if let after {
                let id = try store.resolve(.contact, after)
                cursor = try store.num(of: .contact, id: id).flatMap { try store.cursor(after: .contact, num: $0) }
            }
            let companyID = try company.map { try store.resolve(.company, $0) }
            let page: [Contact]
            if filter != nil || sort != nil {
                let query = try ListQuery.parse(where: filter, sort: sort, limit: limit, kind: .contact, in: store)
                page = try store.ids(of: .contact, matching: query).map(store.contact)
            } else {
                page = try store.contacts(after: cursor, limit: limit, tag: tag, companyID: companyID)
            }
            if global.json {
                Output.json(
                    try CustomFieldOutput.rows(.contact, page.map { ($0.num, RecordJSON.contact($0)) }, store: store))
                return
            }
            if page.isEmpty {
                Output.line(
                    after == nil ? "No contacts yet. Add one with: crm contact add --name NAME" : "No more contacts.")
                return
            }
            Output.table(
                ["#", "NAME", "EMAIL", "PHONE", "COMPANY"],
                page.map { ["\($0.num)", $0.name, $0.email ?? "", $0.phone ?? "", $0.companyName ?? ""] })
            if page.count == limit, let last = page.last { Output.line("… more: crm contact list --after \(last.num)") }
        }
    }
}
