// crm — a terminal-first CRM. Licensed under the MIT License.

/// One keystroke, decoded from the terminal into something screens can match on.
///
/// Screens never see curses key codes: the terminal layer maps them to `Key`, and tests build
/// keys directly, so every binding can be exercised without a terminal.
///
/// ```swift
/// let keys: [Key] = [.char("j"), .down, .ctrl("d")]
/// ```
public enum Key: Hashable, Sendable {
    case char(Character)
    /// A control chord such as ctrl+a; the character is the lower-case letter.
    case ctrl(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    /// The terminal changed size; the app re-lays out on it.
    case resize

    /// Decodes one typed character: control codes become `.ctrl`, `.enter`, `.tab` and so on.
    public static func typed(_ scalar: Unicode.Scalar) -> Key {
        switch scalar.value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(scalar.value + 96) ?? "?"))
        default: return .char(Character(scalar))
        }
    }

    /// How the key is written in help, the hint bar and the user guide.
    public var label: String {
        switch self {
        case .char(" "): "space"
        case .char(let char): String(char)
        case .ctrl(let char): "ctrl+\(char)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift+Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .resize: "resize"
        }
    }

    /// The printable character of a plain keystroke, or nil for control and navigation keys.
    public var printable: Character? {
        if case .char(let char) = self { return char }
        return nil
    }
}
