// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension ContactCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change fields of a contact; an empty value clears a field.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: #number, id prefix, email or name.") var ref: String
        @Option(help: "Full name.") var name: String?
        @Option(help: "Email address.") var email: String?
        @Option(help: "Phone number.") var phone: String?
        @Option(help: "Company name or handle (a new name creates it; empty unlinks).") var company: String?
        @Option(help: "Job title.") var title: String?
        @Option(help: "Replace all tags (comma-separated).") var tags: String?
        @Option(help: "Add a tag.") var addTag: [String] = []
        @Option(help: "Remove a tag.") var removeTag: [String] = []
        @Option(help: "Notes.") var notes: String?
        @Option(help: "Postal address.") var address: String?
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
            try inputs.set("tags", tags)
            try inputs.setPairs(pairs)
            let store = try global.openStore()
            let id = try store.resolve(.contact, ref)
            let current = try store.contact(id)
            try TagEdit.apply(add: addTag, remove: removeTag, current: current.tags, to: &inputs)
            try store.edit(id, RecordDraft(.contact, fields: inputs.fields, company: company, custom: inputs.custom))
            try WriteReceipt(global, store).contact(id, "Updated")
        }
    }
}

/// Applies --add-tag / --remove-tag to a record's current tags.
enum TagEdit {
    static func apply(add: [String], remove: [String], current: [String], to inputs: inout Inputs) throws {
        guard !add.isEmpty || !remove.isEmpty else { return }
        let removed = Set(try remove.map { try Tag($0).name })
        let base: [String]
        if case .tags(let replaced)? = inputs.fields["tags"] { base = replaced } else { base = current }
        inputs.put("tags", .tags(try Tag.normalize(base + add).filter { !removed.contains($0) }))
    }
}
