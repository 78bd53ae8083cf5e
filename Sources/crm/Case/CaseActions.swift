// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension CaseCommand {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign a case to a user ('me', a name, an email; 'none' unassigns).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "The user.") var user: String

        func run() throws {
            let store = try global.openStore()
            let id = try store.resolve(.supportCase, ref)
            let assignee: RecordID?
            switch user.lowercased() {
            case "none", "-": assignee = nil
            case "me":
                guard let me = try store.currentUser() else {
                    throw Failure.usage("'me' needs a user: run crm init --user NAME first")
                }
                assignee = me.id
            default: assignee = try store.resolve(.user, user)
            }
            try store.assignCase(id, to: assignee)
            try Show.print(store.supportCase(id), store: store, json: global.json, idOnly: !global.json)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a case's status (pending pauses the resolution clock).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "new, open, pending, solved or closed.") var status: String

        func run() throws {
            guard let parsed = SupportCase.Status(rawValue: status.lowercased()) else {
                throw DomainError.unknownChoice(field: "status", value: status, allowed: EntitySchema.caseStatuses)
            }
            let store = try global.openStore()
            let id = try store.resolve(.supportCase, ref)
            try store.setCaseStatus(id, parsed)
            try Show.print(store.supportCase(id), store: store, json: global.json, idOnly: !global.json)
        }
    }

    struct Priority: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a case's priority; due times are recomputed from its creation.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "low, normal, high or urgent.") var priority: String

        func run() throws {
            guard let parsed = SupportCase.Priority(rawValue: priority.lowercased()) else {
                throw DomainError.unknownChoice(field: "priority", value: priority, allowed: EntitySchema.priorities)
            }
            let store = try global.openStore()
            let id = try store.resolve(.supportCase, ref)
            try store.setCasePriority(id, parsed)
            try Show.print(store.supportCase(id), store: store, json: global.json, idOnly: !global.json)
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a reply to the customer (meets the first-response SLA).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Argument(help: "What you answered.") var text: String

        func run() throws {
            let store = try global.openStore()
            let id = try store.replyToCase(try store.resolve(.supportCase, ref), text: text)
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
            commandName: "rm", abstract: "Delete a case (kept as a tombstone).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String

        func run() throws { try RecordRemoval.run(.supportCase, ref: ref, global: global, restore: false) }
    }
}
