// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension CaseCommand {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Assign cases to a teammate ('me', a name, an email; 'none' unassigns).",
            discussion: """
                Several cases, or --where, change in one transaction: one `crm undo` takes it back.

                Examples:
                  crm case assign 12 me
                  crm case assign 12 13 14 --to bo@acme.example
                  crm case assign --where "queue=billing,assignee=none" --to me
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var targets: BulkTargets

        func run() throws {
            let store = try global.openStore()
            let user = try People.assignee(targets.value, in: store).text.flatMap(RecordID.init)
            let name = user.map { try? store.userNames()[$0] } ?? nil
            try CaseCommand.apply(
                .assign(user), to: targets, store: store, global: global,
                done: user == nil ? "unassigned" : "assigned to \(name ?? targets.value)",
                said: user == nil ? ("Unassigned", "") : ("Assigned", " to \(name ?? targets.value)"))
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Set the status of cases (pending pauses the resolution clock).",
            discussion: """
                Examples:
                  crm case status 12 solved
                  crm case status 12 13 --to pending
                  crm case status --where "queue=billing,status=new" --to open
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var targets: BulkTargets

        func run() throws {
            let parsed: SupportCase.Status = try Choice.parse(
                targets.value, field: "status", allowed: EntitySchema.caseStatuses)
            try CaseCommand.apply(
                .status(parsed), to: targets, store: try global.openStore(), global: global,
                done: "status \(parsed.rawValue)", said: ("Set", " to status \(parsed.rawValue)"))
        }
    }

    struct Priority: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "priority",
            abstract: "Set the priority of cases; due times are recomputed from each one's creation.",
            discussion: """
                Examples:
                  crm case priority 12 urgent
                  crm case priority 12 13 14 --to high
                  crm case priority --where "queue=billing" --to low
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var targets: BulkTargets

        func run() throws {
            let parsed: SupportCase.Priority = try Choice.parse(
                targets.value, field: "priority", allowed: EntitySchema.priorities)
            try CaseCommand.apply(
                .priority(parsed), to: targets, store: try global.openStore(), global: global,
                done: "priority \(parsed.rawValue)", said: ("Set", " to priority \(parsed.rawValue)"))
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reply",
            abstract: "Reply to the customer (meets the first-response SLA); mailed by crm mail send.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "What you answered.") var text: String

        func run() throws {
            let store = try global.openStore()
            let caseID = try store.resolve(.supportCase, ref)
            let id = try store.replyToCase(caseID, text: text, mailDomain: MailConfigPath.messageDomain())
            try WriteReceipt(global, store).activity(
                id, "Sent", " on \(try RecordRemoval.label(.supportCase, caseID, in: store))")
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note", abstract: "Add an internal note (not a response for the SLA).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "The note.") var text: String

        func run() throws {
            let store = try global.openStore()
            let caseID = try store.resolve(.supportCase, ref)
            let id = try store.noteOnCase(caseID, text: text)
            try WriteReceipt(global, store).activity(
                id, "Added", " to \(try RecordRemoval.label(.supportCase, caseID, in: store))")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete a case (kept as a tombstone; `crm case restore` or `crm undo` brings it back).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String

        func run() throws { try RecordRemoval.run(.supportCase, ref: ref, global: global, restore: false) }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring back a deleted case, with the records its delete took along.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case: #number, id prefix or subject.") var ref: String

        func run() throws { try RecordRemoval.run(.supportCase, ref: ref, global: global, restore: true) }
    }
}

extension CaseCommand {
    /// One case and a value (the old form: prints the case's id, and `said` as the sentence on
    /// stderr), or several or `--where` (prints the count and `done`); either way one `Store.bulk` call.
    static func apply(
        _ action: BulkAction, to targets: BulkTargets, store: Store, global: GlobalOptions, done: String,
        said: (verb: String, tail: String)
    ) throws {
        guard let single = targets.single else {
            return try targets.run(.supportCase, action, in: store, json: global.json, done: done)
        }
        let id = try store.resolve(.supportCase, single.ref)
        try store.bulk([id], of: .supportCase, action)
        try WriteReceipt(global, store).supportCase(id, said.verb, said.tail)
    }
}

/// Parses a closed set of words (status, priority) case-insensitively, naming the field when it fails.
enum Choice {
    static func parse<T: RawRepresentable>(_ text: String, field: String, allowed: [String]) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text.lowercased()) else {
            throw DomainError.unknownChoice(field: field, value: text, allowed: allowed)
        }
        return value
    }
}
