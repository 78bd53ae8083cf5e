// crm — a terminal-first CRM. Licensed under the MIT License.

/// The centred message a screen shows when it has nothing to list, saying what to do next.
public enum EmptyState {
    /// Draws `text` centred in `rect`, wrapped at spaces when it is too wide.
    public static func draw(_ text: String, on canvas: any Canvas, in rect: Rect) {
        let lines = wrap(text, width: max(10, rect.width - 4))
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < rect.maxY {
            let x = rect.x + max(0, (rect.width - DisplayWidth.of(line)) / 2)
            canvas.put(line, x: x, y: top + index, style: .dim)
        }
    }

    /// Splits text into lines of at most `width` cells, breaking at spaces.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { DisplayWidth.truncate($0, to: width) }
    }
}
