// crm — a terminal-first CRM. Licensed under the MIT License.

import CNcursesw
import CRMCore

/// The `Canvas` that draws on the curses standard screen.
///
/// Every grapheme is placed at the column `DisplayWidth` computes, so a C library whose
/// `wcwidth` disagrees can at worst misdraw one character, never shift the rest of a row.
public final class CursesCanvas: Canvas {
    private let palette: CursesPalette
    private var cursorRequest: (x: Int, y: Int)?

    init(palette: CursesPalette) {
        self.palette = palette
    }

    public var width: Int { Int(crm_cols()) }
    public var height: Int { Int(crm_lines()) }

    public func clear() {
        erase()
        cursorRequest = nil
    }

    public func put(_ text: String, x: Int, y: Int, style: TextStyle) {
        guard y >= 0, y < height else { return }
        crm_attrset(palette.attribute(for: style))
        let limit = width
        var column = x
        // The last guard before the terminal: nothing stored reaches it as a control byte.
        for character in TerminalText.safe(text) {
            let cells = DisplayWidth.of(character: character)
            if cells == 0 { continue }
            if column + cells > limit { break }
            if column >= 0 {
                var wide = character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                wide.append(0)
                _ = crm_put(Int32(y), Int32(column), wide, Int32(wide.count - 1))
            }
            column += cells
        }
        crm_attrset(0)
    }

    /// Remembers where the cursor should be; applied by `applyCursor()` after the whole frame is
    /// drawn, because every curses write moves the cursor.
    public func setCursor(x: Int, y: Int, visible: Bool) {
        cursorRequest = visible ? (x, y) : nil
    }

    func applyCursor() {
        curs_set(cursorRequest == nil ? 0 : 1)
        if let cursorRequest { move(Int32(cursorRequest.y), Int32(cursorRequest.x)) }
    }
}
