// crm — a terminal-first CRM. Licensed under the MIT License.

/// Makes stored text safe to write to a terminal: the one sanitiser every human-readable output
/// (CLI tables, details, search results, TUI cells and the status line) passes text through.
///
/// Any teammate's device, any imported file and any server can put text in the database, and a
/// terminal obeys control bytes: ESC starts sequences that clear the screen, retitle the window
/// or write the clipboard (OSC 52), BEL rings, CR overwrites the line, and the bidirectional
/// overrides (U+202A–U+202E, U+2066–U+2069) reorder what follows so "txt.exe" can read
/// "exe.txt". So ESC is shown as `␛`, every other C0 control, DEL and every C1 control as
/// `\x07`-style text, and the bidi controls (and U+2028/U+2029, which some terminals take as line
/// breaks) as `\u202E`-style text: the bytes never reach the terminal, and people can still
/// see that something odd was there. Text with none of them comes back unchanged, untouched.
/// JSON output does not use this; it escapes as JSON does.
///
/// ```swift
/// TerminalText.safe("Ann\u{1B}[2J")           // "Ann␛[2J"
/// TerminalText.safe("a\nb")                   // "a b"
/// TerminalText.safe("a\nb", multiline: true)  // "a\nb"
/// ```
public enum TerminalText {
    /// The visible stand-in for ESC (U+241B SYMBOL FOR ESCAPE).
    public static let escapeSymbol: Character = "␛"

    /// `text` with every control a terminal would act on replaced by a visible stand-in.
    ///
    /// On one line (the default) a newline or tab becomes a space, so a table row stays one row;
    /// with `multiline` newlines and tabs are kept (a contact's notes). CR is always shown as
    /// `\x0D`: on its own it moves the cursor back over what was printed.
    public static func safe(_ text: String, multiline: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsReplacement) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsReplacement(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0A, 0x09:
                if multiline { result.unicodeScalars.append(scalar) } else { result.append(" ") }
            case 0x1B:
                result.append(escapeSymbol)
            case 0x00...0xFF:
                result += "\\x" + hex(scalar.value, digits: 2)
            default:
                result += "\\u" + hex(scalar.value, digits: 4)
            }
        }
        return result
    }

    /// Whether a terminal would act on `scalar` instead of drawing it (or draw it reordered).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || isBidiControl(value) || value == 0x2028
            || value == 0x2029
    }

    /// The bidirectional embeddings, overrides and isolates.
    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    private static func needsReplacement(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x7F ? scalar.value < 0x20 : isUnsafe(scalar)
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
