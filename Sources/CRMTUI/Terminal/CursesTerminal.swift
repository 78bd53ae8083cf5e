// crm — a terminal-first CRM. Licensed under the MIT License.

import CNcursesw
import Foundation

/// The real terminal, driven through ncursesw: start, read keys, and always restore.
///
/// Only this type and `CursesCanvas` call curses, and only from the main thread. Starting puts
/// the terminal in raw mode (so ctrl+c arrives as a key and always quits cleanly); `restore()`
/// undoes it and is safe to call more than once, so it can run on normal exit, after a thrown
/// error and after SIGINT / SIGTERM / SIGHUP (which `TerminationSignals` turns into a flag the loop polls).
public final class CursesTerminal {
    /// The canvas that draws on this terminal.
    public let canvas: CursesCanvas
    private var active = true

    private init(palette: CursesPalette) {
        canvas = CursesCanvas(palette: palette)
    }

    /// Starts curses on the controlling terminal.
    ///
    /// - Parameter pollMilliseconds: how long a key read waits before returning nil, so the app
    ///   loop can draw results that background work posted meanwhile.
    /// - Throws: `TerminalError.notATerminal` when curses cannot start (no TTY or unknown `TERM`).
    public static func start(pollMilliseconds: Int32 = 50) throws -> CursesTerminal {
        setlocale(LC_ALL, "")
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        guard let screen = crm_newterm() else {
            throw TerminalError.cannotStart(term: ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        set_term(screen)
        raw()
        noecho()
        nonl()
        keypad(crm_stdscr(), true)
        set_escdelay(25)
        timeout(pollMilliseconds)
        curs_set(0)
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let palette = CursesPalette.install(noColor: noColor)
        return CursesTerminal(palette: palette)
    }

    /// Sets how long `readKey` waits for a key before returning nil.
    public func setPoll(milliseconds: Int32) {
        timeout(milliseconds)
    }

    /// Waits up to the poll interval for a key; nil when none came.
    public func readKey() -> Key? {
        var code: UInt32 = 0
        let result = crm_get_wch(&code)
        if result == ERR { return nil }
        if result == crm_key_code_yes() { return Self.functionKey(Int32(bitPattern: code)) }
        guard let scalar = Unicode.Scalar(code) else { return nil }
        return Key.typed(scalar)
    }

    /// Pushes the frame drawn on `canvas` to the screen.
    public func present() {
        canvas.applyCursor()
        refresh()
    }

    /// Ends curses and gives the terminal back as it was; safe to call repeatedly.
    public func restore() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        crm_flush_stdout()
    }

    deinit { restore() }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_RESIZE: .resize
        default: nil
        }
    }
}
