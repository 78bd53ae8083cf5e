// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMStore
import CRMSyncClient
import CRMTUI
import CRMTUIStore
import Foundation

/// `crm tui`, and `crm` with no subcommand: the curses interface on the database.
///
/// Scripts never get a TUI by accident: without a terminal on stdin and stdout it exits 64
/// with a message pointing at the subcommands.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI (what `crm` does with no subcommand in a terminal).",
        discussion: "Keys: 1-6 switch screens, / searches, : runs a command, ? shows every key of the screen, q quits."
    ).underCRM

    @OptionGroup var global: GlobalOptions

    @Option(help: "The screen to open first: contacts, companies, pipeline, cases, dashboard or agenda.")
    var screen = "dashboard"

    func validate() throws {
        guard Self.screenID(screen) != nil else {
            throw ValidationError(
                "unknown screen '\(screen)'; use contacts, companies, pipeline, cases, dashboard or agenda")
        }
    }

    static func screenID(_ name: String) -> ScreenID? {
        ScreenID.allCases.first { $0.title.lowercased() == name.lowercased() }
    }

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Failure(TerminalError.notATerminal.description, code: .usage)
        }
        let store = try global.openStore()
        let start = Self.screenID(screen) ?? .dashboard
        // A linked database syncs in the background; the status line shows the outcome.
        let worker = Task.detached { await SyncWorker(store: store).run() }
        defer { worker.cancel() }
        let exit = try await MainActor.run { try TUI.run(source: StoreDataSource(store: store), start: start) }
        if case .signal(let number) = exit { throw ExitCode(128 + number) }
    }
}
