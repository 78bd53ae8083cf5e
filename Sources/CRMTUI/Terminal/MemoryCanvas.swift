// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A canvas held in memory, so tests can render any screen at any size and read it back.
///
/// Each cell keeps its grapheme and style; the right half of a wide character is a continuation
/// cell. `lines` gives the screen as text, which tests compare against exact expectations.
public final class MemoryCanvas: Canvas {
    /// One cell of the grid.
    public struct Cell: Equatable, Sendable {
        public var text: Character
        public var style: TextStyle
        /// True for the right half of a two-cell character.
        public var isContinuation: Bool
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [[Cell]]
    public private(set) var cursor: (x: Int, y: Int)?

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(
            repeating: Array(repeating: Cell(text: " ", style: .normal, isContinuation: false), count: width),
            count: height)
    }

    public func clear() {
        for row in 0..<height {
            for column in 0..<width { cells[row][column] = Cell(text: " ", style: .normal, isContinuation: false) }
        }
    }

    public func put(_ text: String, x: Int, y: Int, style: TextStyle) {
        guard y >= 0, y < height else { return }
        var column = x
        // The last guard before the terminal: nothing stored reaches it as a control byte.
        for character in TerminalText.safe(text) {
            let cells = DisplayWidth.of(character: character)
            if cells == 0 { continue }
            if column + cells > width { break }
            if column >= 0 { write(character, cells: cells, x: column, y: y, style: style) }
            column += cells
        }
    }

    public func setCursor(x: Int, y: Int, visible: Bool) {
        cursor = visible ? (x, y) : nil
    }

    /// The screen as text, one string per row, wide characters written once.
    public var lines: [String] {
        cells.map { row in String(row.filter { !$0.isContinuation }.map(\.text)) }
    }

    /// The whole screen as one string with newlines, for readable test failures and docs.
    public var text: String { lines.joined(separator: "\n") }

    /// Whether any row contains the text.
    public func contains(_ needle: String) -> Bool { lines.contains { $0.contains(needle) } }

    /// The style of the cell at a position.
    public func style(x: Int, y: Int) -> TextStyle { cells[y][x].style }

    private func write(_ character: Character, cells count: Int, x: Int, y: Int, style: TextStyle) {
        // Overwriting half of a wide character blanks its other half so the grid stays consistent.
        if cells[y][x].isContinuation, x > 0 { cells[y][x - 1] = Cell(text: " ", style: style, isContinuation: false) }
        let end = x + count
        if end < width, cells[y][end].isContinuation {
            cells[y][end] = Cell(text: " ", style: style, isContinuation: false)
        }
        cells[y][x] = Cell(text: character, style: style, isContinuation: false)
        if count == 2 { cells[y][x + 1] = Cell(text: " ", style: style, isContinuation: true) }
    }
}
