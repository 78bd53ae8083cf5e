// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm notifications`: what needs your attention, and why; read and dismiss.
struct NotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications", abstract: "SLA risks and breaches, due tasks, assignments and customer replies.",
        discussion: """
            Each notification says why it is there. Read and dismissed marks are kept per user on this device.

            Examples:
              crm notifications                 # unread and read, newest first
              crm notifications --unread --json
              crm notifications read 3fa2c19e0b
              crm notifications dismiss --all
            """,
        subcommands: [List.self, Read.self, Dismiss.self, Unread.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List notifications, newest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only the ones not read yet.") var unread = false
        @Flag(help: "Dismissed ones too.") var all = false

        func run() throws {
            let store = try global.openStore()
            let list = try store.notifications(includeDismissed: all).filter { !unread || $0.state == .unread }
            if global.json { return try Output.json(list.map(Self.json)) }
            if list.isEmpty {
                return Output.line(unread ? "No unread notifications." : "Nothing needs your attention.")
            }
            Output.table(
                ["ID", "", "WHEN", "RECORD", "WHY"],
                list.map {
                    [
                        $0.id, $0.state == .unread ? "●" : ($0.state == .dismissed ? "x" : " "), Clock.local($0.at),
                        "\($0.kind == .supportCase ? "case" : "task") #\($0.num) \($0.title)", $0.why,
                    ]
                }, maxWidth: 50)
        }

        static func json(_ item: CRMNotification) -> [String: Any] {
            [
                "id": item.id, "key": item.key, "reason": item.reason.rawValue, "kind": item.kind.rawValue,
                "record_id": item.recordID.rawValue, "num": item.num, "title": item.title, "why": item.why,
                "at": Clock.iso(item.at), "state": item.state.rawValue,
            ]
        }
    }

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark notifications read.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification ids (or prefixes) from the list.") var ids: [String] = []
        @Flag(help: "Every notification listed now.") var all = false

        func run() throws { try NotificationsCommand.mark(ids, all: all, .read, global: global) }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dismiss notifications: hidden until the event changes (a new due time, a new assignment).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification ids (or prefixes) from the list.") var ids: [String] = []
        @Flag(help: "Every notification listed now.") var all = false

        func run() throws { try NotificationsCommand.mark(ids, all: all, .dismissed, global: global) }
    }

    struct Unread: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark notifications unread again (undismiss).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification ids (or prefixes) from the list.") var ids: [String] = []

        func run() throws { try NotificationsCommand.mark(ids, all: false, .unread, global: global) }
    }

    /// Resolves ids or unique prefixes against the current list (dismissed included) and marks them.
    static func mark(_ ids: [String], all: Bool, _ state: CRMNotification.State, global: GlobalOptions) throws {
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
        let count = try store.markNotifications(chosen, state)
        if global.json { return try Output.json(["marked": count, "state": state.rawValue, "ids": chosen]) }
        Output.line("\(count) notification\(count == 1 ? "" : "s") marked \(state.rawValue)")
    }
}
