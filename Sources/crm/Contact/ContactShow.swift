// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension ContactCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a contact with its timeline.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: #number, id prefix, email or name.") var ref: String

        func run() throws {
            let store = try global.openStoreForReading()
            let contact = try store.contact(try store.resolve(.contact, ref))
            try Self.print(contact, store: store, json: global.json)
        }

        static func print(_ contact: Contact, store: Store, json: Bool) throws {
            let timeline = try store.timeline(
                .contact, id: contact.id, limit: 20, timeZoneOffsetSeconds: Clock.offsetSeconds)
            let failing = try contact.email.flatMap { try store.mailAddressStatus($0) }
            if json {
                var object = RecordJSON.contact(contact)
                object["timeline"] = .array(RecordJSON.timeline(timeline))
                object["email_status"] =
                    failing.map {
                        ["status": $0.status.jsonValue, "reason": $0.reason.jsonValue, "since": Clock.iso($0.at)]
                    } ?? .null
                object["custom"] = try CustomFieldOutput.json(.contact, contact.id, store: store)
                Output.json(object)
                return
            }
            Output.fields(
                [
                    ("#", "\(contact.num)"), ("name", contact.name), ("email", contact.email),
                    ("email status", failing.map { "\($0.status) since \(Clock.local($0.at)): \($0.reason)" }),
                    ("phone", contact.phone), ("title", contact.title), ("company", contact.companyName),
                    ("owner", People.name(contact.ownerID)),
                    ("tags", contact.tags.joined(separator: ", ")), ("address", contact.address),
                    ("notes", contact.notes),
                    ("created", Clock.local(contact.createdAt)), ("updated", Clock.local(contact.updatedAt)),
                ] + (try CustomFieldOutput.lines(.contact, contact.id, store: store)))
            TimelinePrinter.print(timeline)
        }
    }
}

/// Prints a timeline under a record.
enum TimelinePrinter {
    static func print(_ entries: [TimelineEntry]) {
        guard !entries.isEmpty else { return }
        Output.line("\nTimeline")
        for entry in entries {
            Output.line(
                "  \(Clock.local(entry.at))  \(entry.action.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                    + (entry.author.map { "\($0): " } ?? "") + entry.summary
            )
        }
    }
}
