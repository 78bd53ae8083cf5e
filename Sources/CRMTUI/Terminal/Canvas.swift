// crm — a terminal-first CRM. Licensed under the MIT License.

/// A grid of character cells that screens draw on.
///
/// Screens and widgets only ever call this protocol, so the same drawing code renders to curses
/// in the terminal and to `MemoryCanvas` in tests, where the result is compared as text.
public protocol Canvas: AnyObject {
    /// Columns available.
    var width: Int { get }
    /// Rows available.
    var height: Int { get }
    /// Blanks every cell.
    func clear()
    /// Draws text from column `x` of row `y`, clipped at the right edge; wide characters take two
    /// cells and a wide character that would straddle the edge is not drawn.
    func put(_ text: String, x: Int, y: Int, style: TextStyle)
    /// Places the terminal cursor (for text input), or hides it when nil.
    func setCursor(x: Int, y: Int, visible: Bool)
}

extension Canvas {
    /// Draws text truncated or padded to exactly `width` cells.
    public func put(_ text: String, x: Int, y: Int, width: Int, style: TextStyle = .normal, alignRight: Bool = false) {
        guard width > 0 else { return }
        put(DisplayWidth.fit(text, to: width, alignRight: alignRight), x: x, y: y, style: style)
    }

    /// Fills a rectangle with spaces in a style (used for the selection bar and overlays).
    public func fill(_ rect: Rect, style: TextStyle = .normal) {
        let blank = String(repeating: " ", count: rect.width)
        for row in rect.y..<rect.maxY { put(blank, x: rect.x, y: row, style: style) }
    }

    /// Draws a single-line box border around a rectangle with an optional title.
    public func box(_ rect: Rect, title: String = "", style: TextStyle = .dim) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let inner = rect.width - 2
        put("┌" + String(repeating: "─", count: inner) + "┐", x: rect.x, y: rect.y, style: style)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            put("│", x: rect.x, y: row, style: style)
            put("│", x: rect.maxX - 1, y: row, style: style)
        }
        put("└" + String(repeating: "─", count: inner) + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        if !title.isEmpty {
            put(" " + DisplayWidth.truncate(title, to: inner - 2) + " ", x: rect.x + 1, y: rect.y, style: .header)
        }
    }
}
