// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm notifications`: what needs your attention, and why; read and dismiss.
struct NotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications", abstract: "SLA risks and breaches, due tasks, assignments and customer replies.",
        discussion: """
            Each notification says why it is there. Read, dismissed and snoozed marks are yours: they sync to
            your other devices (crm sync) and to no one else's.

            Examples:
              crm notifications                 # unread and read, newest first
              crm notifications --unread --json
              crm notifications read 3fa2c19e0b
              crm notifications dismiss --all
              crm notifications snooze 3fa2c19e0b --until tomorrow
            """,
        subcommands: [List.self, Read.self, Dismiss.self, Snooze.self, Unread.self], defaultSubcommand: List.self
    ).underCRM

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List notifications, newest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only the ones not read yet.") var unread = false
        @Flag(help: "Dismissed and snoozed ones too.") var all = false

        func run() throws {
            let store = try global.openStore()
            let list = try store.notifications(includeDismissed: all).filter { !unread || $0.state == .unread }
            if global.json { return Output.json(list.map(Self.json)) }
            if list.isEmpty {
                return Output.line(unread ? "No unread notifications." : "Nothing needs your attention.")
            }
            Output.table(
                ["ID", "", "WHEN", "RECORD", "WHY"],
                list.map {
                    [
                        $0.id, Self.mark($0.state), Clock.local($0.at),
                        "\(Self.noun($0.kind)) #\($0.num) \($0.title)", $0.why,
                    ]
                }, maxWidth: 50)
        }

        static func noun(_ kind: EntityKind) -> String {
            switch kind {
            case .supportCase: "case"
            case .activity: "task"
            default: kind.rawValue
            }
        }

        static func mark(_ state: CRMNotification.State) -> String {
            switch state {
            case .unread: "●"
            case .read: " "
            case .dismissed: "x"
            case .snoozed: "z"
            }
        }

        static func json(_ item: CRMNotification) -> [String: JSONValue] {
            [
                "id": item.id.jsonValue, "key": item.key.jsonValue, "reason": item.reason.rawValue.jsonValue,
                "kind": item.kind.rawValue.jsonValue, "record_id": item.recordID.jsonValue, "num": item.num.jsonValue,
                "title": item.title.jsonValue, "why": item.why.jsonValue, "at": Clock.iso(item.at),
                "state": item.state.rawValue.jsonValue, "snoozed_until": Clock.iso(item.snoozedUntil),
            ]
        }
    }

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "read", abstract: "Mark notifications read.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification ids (or prefixes) from the list.") var ids: [String] = []
        @Flag(help: "Every notification listed now.") var all = false

        func run() throws { try NotificationsCommand.mark(ids, all: all, .read, global: global) }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dismiss",
            abstract: "Dismiss notifications: hidden until the event changes (a new due time, a new assignment).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification ids (or prefixes) from the list.") var ids: [String] = []
        @Flag(help: "Every notification listed now.") var all = false

        func run() throws { try NotificationsCommand.mark(ids, all: all, .dismissed, global: global) }
    }

    struct Snooze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snooze",
            abstract: "Hide notifications until a time; they come back unread then.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification ids (or prefixes) from the list.") var ids: [String] = []
        @Flag(help: "Every notification listed now.") var all = false
        @Option(help: "When they come back: '2026-12-01 14:00', tomorrow, +3d, +2h.") var until: String

        func run() throws {
            let now = try global.openStore().nowMillis
            guard let when = Clock.parse(until, nowMillis: now) else {
                throw DomainError.invalidTime(field: "until", value: until)
            }
            guard when > now else { throw Failure.data("--until \(until) is not in the future") }
            try NotificationsCommand.mark(ids, all: all, .snoozed, until: when, global: global)
        }
    }

    struct Unread: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unread", abstract: "Mark notifications unread again (undismiss).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification ids (or prefixes) from the list.") var ids: [String] = []

        func run() throws { try NotificationsCommand.mark(ids, all: false, .unread, global: global) }
    }

    /// Resolves ids or unique prefixes against the current list (dismissed included) and marks them.
    static func mark(
        _ ids: [String], all: Bool, _ state: CRMNotification.State, until: Int64? = nil, global: GlobalOptions
    ) throws {
        guard all == ids.isEmpty else { throw Failure.usage("give notification ids, or --all") }
        let store = try global.openStore()
        let list = try store.notifications(includeDismissed: !all)
        var chosen: [String] = []
        if all {
            chosen = list.map(\.id)
        } else {
            for text in ids {
                let matches = list.filter { $0.id.hasPrefix(text.lowercased()) }
                guard let first = matches.first else {
                    throw Failure(
                        "no notification \(text): see crm notifications --all for the ids", code: .noInput)
                }
                guard matches.count == 1 else {
                    throw Failure.usage("notification id \(text) is ambiguous; give more of it")
                }
                chosen.append(first.id)
            }
        }
        let count = try store.markNotifications(chosen, state, until: until)
        if global.json {
            return Output.json(["marked": count.jsonValue, "state": state.rawValue.jsonValue, "ids": chosen.jsonValue])
        }
        Output.line("\(count) notification\(count == 1 ? "" : "s") marked \(state.rawValue)")
    }
}
