// crm — a terminal-first CRM. Licensed under the MIT License.

/// Why the TUI could not start or had to stop.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    case notATerminal
    case cannotStart(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            "the TUI needs a terminal on stdin and stdout; run `crm` in a terminal, or use a subcommand such as `crm contact list` in scripts"
        case .cannotStart(let term):
            "curses could not start for TERM=\(term.isEmpty ? "(unset)" : term); set TERM to your terminal type, e.g. `export TERM=xterm-256color`"
        }
    }
}
