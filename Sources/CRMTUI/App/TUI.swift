// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Runs the TUI on the real terminal.
///
/// The loop is the only code that touches curses, and it runs on the main thread: read a key
/// (waiting at most 50 ms when idle, 5 ms for half a second after a key or a posted result, when
/// a search or a reload is likely to land), let the app handle it, apply whatever background work
/// posted, and redraw when anything changed. The terminal is restored on quit, on a termination signal and
/// when an error is thrown.
///
/// ```swift
/// let reason = try TUI.run(source: adapter)
/// ```
@MainActor
public enum TUI {
    /// Why the loop ended.
    public enum Exit: Equatable, Sendable {
        case quit
        case signal(Int32)
    }

    /// Starts curses, runs until the user quits or a termination signal arrives, restores the terminal.
    public static func run(
        source: any CRMDataSource, start: ScreenID = .dashboard,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) throws -> Exit {
        let signals = TerminationSignals()
        let terminal = try CursesTerminal.start()
        defer { terminal.restore() }
        let context = AppContext(source: source, clock: clock)
        context.glyphs = .detect()
        let app = App(context: context, start: start)
        app.draw(on: terminal.canvas)
        terminal.present()
        var lastSessionRefresh = Date()
        var lastActivity = Date()
        while app.isRunning {
            if let signal = signals.received { return .signal(signal) }
            if Date().timeIntervalSince(lastSessionRefresh) >= 5 {
                // Background sync changes pending and last-synced: refresh the status line now and then.
                app.context.refreshSession(forced: false)
                lastSessionRefresh = Date()
            }
            terminal.setPoll(milliseconds: pollMilliseconds(sinceActivity: Date().timeIntervalSince(lastActivity)))
            let key = terminal.readKey()
            if let key { app.handle(key) }
            let posted = app.drainMailbox()
            if key != nil || posted {
                lastActivity = Date()
                app.draw(on: terminal.canvas)
                terminal.present()
            }
        }
        return .quit
    }

    /// How long the next key read may wait, given the seconds since the last key or posted result.
    ///
    /// A result posted by background work is drawn when the read returns, so while one is likely
    /// due (just after typing) the loop polls every 5 ms and a search result reaches the screen
    /// within a frame; idle, it wakes every 50 ms and costs nothing noticeable.
    nonisolated static func pollMilliseconds(sinceActivity seconds: TimeInterval) -> Int32 {
        seconds < 0.5 ? 5 : 50
    }
}
