// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension CaseCommand {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign a case to a teammate ('me', a name, an email; 'none' unassigns).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "The user.") var user: String

        func run() throws {
            try CaseCommand.act(on: ref, global: global) { store, id in
                try store.assignCase(id, to: try People.assignee(user, in: store).text.flatMap(RecordID.init))
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a case's status (pending pauses the resolution clock).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "new, open, pending, solved or closed.") var status: String

        func run() throws {
            let parsed: SupportCase.Status = try Choice.parse(
                status, field: "status", allowed: EntitySchema.caseStatuses)
            try CaseCommand.act(on: ref, global: global) { store, id in try store.setCaseStatus(id, parsed) }
        }
    }

    struct Priority: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a case's priority; due times are recomputed from its creation.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "low, normal, high or urgent.") var priority: String

        func run() throws {
            let parsed: SupportCase.Priority = try Choice.parse(
                priority, field: "priority", allowed: EntitySchema.priorities)
            try CaseCommand.act(on: ref, global: global) { store, id in try store.setCasePriority(id, parsed) }
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reply to the customer (meets the first-response SLA); mailed by crm mail send.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "What you answered.") var text: String

        func run() throws {
            let store = try global.openStore()
            let id = try store.replyToCase(
                try store.resolve(.supportCase, ref), text: text, mailDomain: MailConfigPath.messageDomain())
            try ActivityCommand.Show.print(store.activity(id), json: global.json, idOnly: !global.json)
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an internal note (not a response for the SLA).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "The note.") var text: String

        func run() throws {
            let store = try global.openStore()
            let id = try store.noteOnCase(try store.resolve(.supportCase, ref), text: text)
            try ActivityCommand.Show.print(store.activity(id), json: global.json, idOnly: !global.json)
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
            abstract: "Bring back a deleted case, with the records its delete took along.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case: #number, id prefix or subject.") var ref: String

        func run() throws { try RecordRemoval.run(.supportCase, ref: ref, global: global, restore: true) }
    }
}

extension CaseCommand {
    /// Opens the store, resolves the case, runs `action`, then prints the case (its id, or JSON).
    static func act(on ref: String, global: GlobalOptions, _ action: (CRMStore, RecordID) throws -> Void) throws {
        let store = try global.openStore()
        let id = try store.resolve(.supportCase, ref)
        try action(store, id)
        try Show.print(store.supportCase(id), store: store, json: global.json, idOnly: !global.json)
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
