// crm — a terminal-first CRM. Licensed under the MIT License.

/// A rectangle of terminal cells: the region a widget or screen draws into.
///
/// Screens get a `Rect` instead of the whole canvas so that the same drawing code works in a
/// pane, a full screen or an overlay.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The row just below the rectangle.
    public var maxY: Int { y + height }

    /// The column just right of the rectangle.
    public var maxX: Int { x + width }

    /// The rectangle shrunk by `amount` cells on every side.
    public func inset(by amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }

    /// Splits off the first `count` rows; returns the top part and the remainder.
    public func splitTop(_ count: Int) -> (Rect, Rect) {
        let top = min(count, height)
        return (Rect(x: x, y: y, width: width, height: top), Rect(x: x, y: y + top, width: width, height: height - top))
    }

    /// Splits into `count` columns of near-equal width, left to right.
    public func columns(_ count: Int, gap: Int = 1) -> [Rect] {
        guard count > 0 else { return [] }
        let usable = width - gap * (count - 1)
        var result: [Rect] = []
        var left = x
        for index in 0..<count {
            let columnWidth = usable / count + (index < usable % count ? 1 : 0)
            result.append(Rect(x: left, y: y, width: columnWidth, height: height))
            left += columnWidth + gap
        }
        return result
    }
}
