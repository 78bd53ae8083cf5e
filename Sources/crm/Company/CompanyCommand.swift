// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm company`: the organisations your contacts work for.
struct CompanyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "company", abstract: "Add, list, show, edit and remove companies.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self, Restore.self]
    ).underCRM

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a company; prints its id.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Company name.") var name: String
        @Option(help: "Web domain (example.com).") var domain: String?
        @Option(help: "Phone number.") var phone: String?
        @Option(help: "Industry.") var industry: String?
        @Option(help: "Postal address.") var address: String?
        @Option(help: "A tag (repeat for more).") var tag: [String] = []
        @Option(help: "Notes.") var notes: String?
        @Option(help: "Owner: a teammate's name or email, or 'me' (default: you).") var owner: String?
        @Option(name: .customLong("set"), help: "Any field, custom fields too, as field=value.") var pairs: [String] =
            []

        func run() throws {
            var inputs = Inputs(.company)
            for (field, value) in [
                ("name", name), ("domain", domain), ("phone", phone), ("industry", industry), ("address", address),
                ("notes", notes),
            ] {
                try inputs.set(field, value)
            }
            if !tag.isEmpty { inputs.put("tags", .tags(try Tag.normalize(tag))) }
            try inputs.setPairs(pairs)
            let store = try global.openStore()
            try People.warnIfRoleForbids(.company, in: store)
            let id = try store.add(
                RecordDraft(
                    .company, fields: inputs.fields, owner: try People.owner(owner, in: store), custom: inputs.custom))
            try WriteReceipt(global, store).company(id, "Added")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List companies by name, a page at a time.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Rows per page.") var limit = 50
        @Option(help: "Continue after this company (#number of the previous page's last row).") var after: String?
        @Option(
            name: .customLong("where"),
            help: "Conditions on fields, custom fields too: \"Region=North,Renewal date<2027-01-01\".")
        var filter: String?
        @Option(help: "Sort by a field or custom field; a leading - sorts descending.") var sort: String?

        func run() throws {
            let store = try global.openStore()
            var cursor: ListCursor?
            if let after {
                let id = try store.resolve(.company, after)
                cursor = try store.num(of: .company, id: id).flatMap { try store.cursor(after: .company, num: $0) }
            }
            let page: [Company]
            if filter != nil || sort != nil {
                let query = try ListQuery.parse(where: filter, sort: sort, limit: limit, kind: .company, in: store)
                page = try store.ids(of: .company, matching: query).map(store.company)
            } else {
                page = try store.companies(after: cursor, limit: limit)
            }
            if global.json {
                return Output.json(
                    try CustomFieldOutput.rows(.company, page.map { ($0.num, RecordJSON.company($0)) }, store: store))
            }
            if page.isEmpty { return Output.line("No companies.") }
            Output.table(
                ["#", "NAME", "DOMAIN", "INDUSTRY", "PHONE"],
                page.map { ["\($0.num)", $0.name, $0.domain ?? "", $0.industry ?? "", $0.phone ?? ""] })
            if page.count == limit, let last = page.last { Output.line("… more: crm company list --after \(last.num)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a company with its contacts, deals and timeline.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The company: #number, id prefix or name.") var ref: String

        func run() throws {
            let store = try global.openStore()
            try Self.print(
                store.company(try store.resolve(.company, ref)), store: store, json: global.json)
        }

        static func print(_ company: Company, store: Store, json: Bool) throws {
            let contacts = try store.contacts(after: nil, limit: 50, companyID: company.id)
            let timeline = try store.timeline(
                .company, id: company.id, limit: 20, timeZoneOffsetSeconds: Clock.offsetSeconds)
            if json {
                var object = RecordJSON.company(company)
                object["contacts"] = contacts.map(RecordJSON.contact).jsonValue
                object["timeline"] = .array(RecordJSON.timeline(timeline))
                object["custom"] = try CustomFieldOutput.json(.company, company.id, store: store)
                return Output.json(object)
            }
            Output.fields(
                [
                    ("#", "\(company.num)"), ("name", company.name),
                    ("domain", company.domain),
                    ("phone", company.phone), ("industry", company.industry), ("owner", People.name(company.ownerID)),
                    ("address", company.address),
                    ("tags", company.tags.joined(separator: ", ")), ("notes", company.notes),
                ] + (try CustomFieldOutput.lines(.company, company.id, store: store)))
            if !contacts.isEmpty {
                Output.line("\nContacts")
                for contact in contacts { Output.line("  #\(contact.num) \(contact.name) \(contact.email ?? "")") }
            }
            TimelinePrinter.print(timeline)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change fields of a company; an empty value clears a field.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The company: #number, id prefix or name.") var ref: String
        @Option(help: "Company name.") var name: String?
        @Option(help: "Web domain.") var domain: String?
        @Option(help: "Phone number.") var phone: String?
        @Option(help: "Industry.") var industry: String?
        @Option(help: "Postal address.") var address: String?
        @Option(help: "Replace all tags (comma-separated).") var tags: String?
        @Option(help: "Notes.") var notes: String?
        @Option(name: .customLong("set"), help: "Any field, custom fields too, as field=value.") var pairs: [String] =
            []

        func run() throws {
            var inputs = Inputs(.company)
            for (field, value) in [
                ("name", name), ("domain", domain), ("phone", phone), ("industry", industry), ("address", address),
                ("notes", notes), ("tags", tags),
            ] {
                try inputs.set(field, value)
            }
            try inputs.setPairs(pairs)
            let store = try global.openStore()
            let id = try store.resolve(.company, ref)
            try store.edit(id, RecordDraft(.company, fields: inputs.fields, custom: inputs.custom))
            try WriteReceipt(global, store).company(id, "Updated")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete a company (kept as a tombstone; `crm company restore` or `crm undo` brings it back).",
            discussion: """
                Its contacts and deals keep the link and stay; with --with-deals its open and closed deals are \
                deleted with it, and come back with it on restore or undo.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The company: #number, id prefix or name.") var ref: String
        @Flag(help: "Delete the company's deals with it.") var withDeals = false

        func run() throws {
            let store = try global.openStore()
            let id = try store.resolve(.company, ref)
            let deals = try store.deleteCompany(id, withDeals: withDeals)
            try RecordRemoval.print(.company, id: id, deleted: true, others: deals, global: global, store: store)
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring back a deleted company, with the records its delete took along.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The company: #number, id prefix or name.") var ref: String

        func run() throws { try RecordRemoval.run(.company, ref: ref, global: global, restore: true) }
    }
}
