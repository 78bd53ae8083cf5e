// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm activity`: calls, meetings, emails, notes and tasks.
struct ActivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity", abstract: "Log calls, meetings, emails, notes and tasks.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self, Restore.self]
    ).underCRM

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an activity; prints its id (the sentence on stderr).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "call, meeting, email, note or task.") var kind: String
        @Option(help: "Subject line.") var subject: String
        @Option(help: "Details.") var body: String?
        @Option(help: "Due time: 2026-12-01, '2026-12-01 14:00', today, tomorrow, +3d, +2h.") var due: String?
        @Option(help: "Link to a contact.") var contact: String?
        @Option(help: "Link to a company.") var company: String?
        @Option(help: "Link to a deal.") var deal: String?
        @Option(name: .customLong("case"), help: "Link to a case.") var supportCase: String?
        @Option(help: "Owner: a teammate's name or email, or 'me' (default: you).") var owner: String?

        func run() throws {
            var inputs = Inputs(.activity)
            try inputs.set("kind", kind)
            try inputs.set("subject", subject)
            try inputs.set("body", body)
            try inputs.set("due_at", due)
            if inputs.fields["kind"] == .text("task") { inputs.put("done", .bool(false)) }
            let store = try global.openStore()
            inputs.put("contact_id", try store.reference(.contact, contact))
            inputs.put("company_id", try store.reference(.company, company))
            inputs.put("deal_id", try store.reference(.deal, deal))
            inputs.put("case_id", try store.reference(.supportCase, supportCase))
            try People.warnIfRoleForbids(.activity, in: store)
            let id = try store.add(
                RecordDraft(.activity, fields: inputs.fields, owner: try People.owner(owner, in: store)))
            try WriteReceipt(global, store).activity(id, "Added")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List activities, newest first, or those of one record.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only those of this contact.") var contact: String?
        @Option(help: "Only those of this company.") var company: String?
        @Option(help: "Only those of this deal.") var deal: String?
        @Option(name: .customLong("case"), help: "Only those of this case.") var supportCase: String?
        @Option(help: "Rows.") var limit = 50

        func run() throws {
            let store = try global.openStore()
            let links: [(EntityKind, String?)] = [
                (.contact, contact), (.company, company), (.deal, deal), (.supportCase, supportCase),
            ]
            let page: [Activity]
            if let (kind, handle) = links.first(where: { $0.1 != nil }), let handle {
                page = try store.activities(linkedTo: kind, id: try store.resolve(kind, handle), limit: limit)
            } else {
                page = try store.activities(limit: limit)
            }
            try ActivityTable.print(page, json: global.json, empty: "No activities.")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show an activity.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The activity: #number, id prefix or subject.") var ref: String

        func run() throws {
            let store = try global.openStore()
            try Self.print(store.activity(try store.resolve(.activity, ref)), json: global.json)
        }

        static func print(_ activity: Activity, json: Bool) throws {
            if json { return Output.json(RecordJSON.activity(activity)) }
            Output.fields([
                ("#", "\(activity.num)"), ("kind", activity.kind.rawValue),
                ("subject", activity.subject), ("owner", People.name(activity.ownerID)),
                ("due", Clock.local(activity.dueAt)),
                ("done", activity.kind == .task ? (activity.done ? "yes" : "no") : nil), ("body", activity.body),
                ("created", Clock.local(activity.createdAt)),
            ])
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change an activity.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The activity: #number, id prefix or subject.") var ref: String
        @Option(help: "Subject line.") var subject: String?
        @Option(help: "Details.") var body: String?
        @Option(help: "Due time.") var due: String?
        @Option(name: .customLong("set"), help: "Any field as field=value.") var pairs: [String] = []

        func run() throws {
            var inputs = Inputs(.activity)
            try inputs.set("subject", subject)
            try inputs.set("body", body)
            try inputs.set("due_at", due)
            try inputs.setPairs(pairs)
            let store = try global.openStore()
            let id = try store.resolve(.activity, ref)
            try store.update(.activity, id: id, inputs.fields)
            try WriteReceipt(global, store).activity(id, "Updated")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete an activity (kept as a tombstone; `crm activity restore` or `crm undo` brings it back).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The activity: #number, id prefix or subject.") var ref: String

        func run() throws { try RecordRemoval.run(.activity, ref: ref, global: global, restore: false) }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring back a deleted activity, with the records its delete took along.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The activity: #number, id prefix or subject.") var ref: String

        func run() throws { try RecordRemoval.run(.activity, ref: ref, global: global, restore: true) }
    }
}

/// The activity and task table.
enum ActivityTable {
    static func print(_ page: [Activity], json: Bool, empty: String) throws {
        if json { return Output.json(page.map(RecordJSON.activity)) }
        if page.isEmpty { return Output.line(empty) }
        Output.table(
            ["#", "KIND", "SUBJECT", "DUE", "DONE"],
            page.map {
                [
                    "\($0.num)", $0.kind.rawValue, $0.subject, Clock.local($0.dueAt),
                    $0.kind == .task ? ($0.done ? "yes" : "") : "",
                ]
            },
            maxWidth: 50)
    }
}
