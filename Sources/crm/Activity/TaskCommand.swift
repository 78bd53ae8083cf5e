// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm task`: the agenda of open tasks.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "List open tasks by due time and mark them done.",
        subcommands: [List.self, Done.self]
    ).underCRM

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Open tasks: --due today, overdue or week (default: all open).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "today, overdue or week.") var due: String?
        @Option(help: "Only tasks of this teammate ('me', a name or email), or 'none' for tasks without owner.")
        var owner: String?

        func run() throws {
            let window: TaskWindow
            if let due {
                guard let parsed = TaskWindow(rawValue: due.lowercased()), parsed != .open else {
                    throw Failure.usage("--due '\(due)' must be today, overdue or week")
                }
                window = parsed
            } else {
                window = .open
            }
            let store = try global.openStore()
            try ActivityTable.print(
                try store.tasks(
                    window, owner: try People.filter(owner, in: store), timeZoneOffsetSeconds: Clock.offsetSeconds),
                json: global.json,
                empty: "Nothing due.")
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done", abstract: "Mark a task done.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task: #number, id prefix or subject.") var ref: String

        func run() throws {
            let store = try global.openStore()
            let id = try store.resolve(.activity, ref)
            guard try store.activity(id).kind == .task else { throw Failure.data("#\(ref) is not a task") }
            try store.setTaskDone(id)
            try WriteReceipt(global, store).activity(id, "Done:")
        }
    }
}
