// crm — a terminal-first CRM. Licensed under the MIT License.

/// One column of a table: a title and how it shares the width.
public struct TableColumn: Sendable {
    public var title: String
    /// Cells the column always gets.
    public var minWidth: Int
    /// Share of the remaining width; 0 keeps the column at `minWidth`.
    public var flex: Int
    public var alignRight: Bool
    /// The column is hidden when the table is narrower than this (least important columns first).
    public var hideBelow: Int

    public init(_ title: String, minWidth: Int, flex: Int = 0, alignRight: Bool = false, hideBelow: Int = 0) {
        self.title = title
        self.minWidth = minWidth
        self.flex = flex
        self.alignRight = alignRight
        self.hideBelow = hideBelow
    }
}

/// Column positions for a table of a given width, and drawing of its rows.
///
/// Every cell is truncated or padded to its column's width in display cells, so long and
/// wide (CJK, emoji) values can never push the next column out of place.
public struct TableLayout: Sendable {
    public let columns: [TableColumn]
    /// Which of the input columns are visible, by index.
    public let visible: [Int]
    public let widths: [Int]
    public static let gap = 1

    public init(_ columns: [TableColumn], width: Int) {
        self.columns = columns
        let shown = columns.indices.filter { columns[$0].hideBelow <= width }
        visible = shown
        let fixed = shown.reduce(0) { $0 + columns[$1].minWidth } + Self.gap * max(0, shown.count - 1)
        let spare = max(0, width - fixed)
        let flexTotal = shown.reduce(0) { $0 + columns[$1].flex }
        var widths = shown.map { columns[$0].minWidth }
        if flexTotal > 0 {
            var given = 0
            for (slot, index) in shown.enumerated() where columns[index].flex > 0 {
                let share = spare * columns[index].flex / flexTotal
                widths[slot] += share
                given += share
            }
            if let lastFlex = shown.lastIndex(where: { columns[$0].flex > 0 }) { widths[lastFlex] += spare - given }
        }
        self.widths = widths
    }

    /// The starting column (relative to the table) of each visible column.
    public var offsets: [Int] {
        var result: [Int] = []
        var x = 0
        for width in widths {
            result.append(x)
            x += width + Self.gap
        }
        return result
    }

    /// Draws one row of cells (one per input column; hidden ones are skipped).
    public func draw(
        _ cells: [String], on canvas: any Canvas, x: Int, y: Int, style: TextStyle = .normal, styles: [TextStyle?] = []
    ) {
        for (slot, index) in visible.enumerated() {
            let text = index < cells.count ? cells[index] : ""
            let cellStyle = style == .selected ? .selected : (index < styles.count ? styles[index] ?? style : style)
            canvas.put(
                text, x: x + offsets[slot], y: y, width: widths[slot], style: cellStyle,
                alignRight: columns[index].alignRight)
            if slot < visible.count - 1 { canvas.put(" ", x: x + offsets[slot] + widths[slot], y: y, style: style) }
        }
    }

    /// Draws the column titles.
    public func drawHeader(on canvas: any Canvas, x: Int, y: Int) {
        draw(columns.map(\.title), on: canvas, x: x, y: y, style: .header)
    }
}
