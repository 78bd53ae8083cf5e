// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension ContactCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a contact; prints its id (the sentence on stderr).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Full name.") var name: String
        @Option(help: "Email address.") var email: String?
        @Option(help: "Phone number, as you write it.") var phone: String?
        @Option(help: "Company name or handle; a new name creates the company.") var company: String?
        @Option(help: "Job title.") var title: String?
        @Option(help: "A tag (repeat for more).") var tag: [String] = []
        @Option(help: "Free-text notes.") var notes: String?
        @Option(help: "Postal address.") var address: String?
        @Option(help: "Owner: a teammate's name or email, or 'me' (default: you).") var owner: String?
        @Option(name: .customLong("set"), help: "Any field, custom fields too, as field=value.") var pairs: [String] =
            []

        func run() throws {
            var inputs = Inputs(.contact)
            try inputs.set("name", name)
            try inputs.set("email", email)
            try inputs.set("phone", phone)
            try inputs.set("title", title)
            try inputs.set("notes", notes)
            try inputs.set("address", address)
            if !tag.isEmpty { inputs.put("tags", .tags(try Tag.normalize(tag))) }
            try inputs.setPairs(pairs)
            let store = try global.openStore()
            try People.warnIfRoleForbids(.contact, in: store)
            let id = try store.add(
                RecordDraft(
                    .contact, fields: inputs.fields, company: company.flatMap { $0.isEmpty ? nil : $0 },
                    owner: try People.owner(owner, in: store), custom: inputs.custom))
            try WriteReceipt(global, store).contact(id, "Added")
        }
    }
}
