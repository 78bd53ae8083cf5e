// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A scrolling window over a keyset-paged list that may have millions of rows.
///
/// Only the rows that fit on screen are held. Moving past either edge fetches just the rows
/// that scroll in, by key, so every step costs one index seek at any depth and memory stays
/// proportional to the screen height.
///
/// ```swift
/// let list = VirtualList<ContactRow> { try source.contacts($0) }
/// list.resize(height: 20)
/// list.move(by: 1)
/// ```
@MainActor
public final class VirtualList<Row: PagedRow> {
    public typealias Fetch = (PageRequest<Row.Key>) throws -> [Row]

    private let fetch: Fetch
    public private(set) var rows: [Row] = []
    /// Index of the selected row within `rows`.
    public private(set) var cursor = 0
    public private(set) var height = 1
    /// The last fetch error, shown by the screen instead of the rows.
    public private(set) var error: String?

    public init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    /// The selected row, if the list is not empty.
    public var selected: Row? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    /// Whether nothing matched at all.
    public var isEmpty: Bool { rows.isEmpty }

    /// Sets the number of visible rows, fetching or dropping rows at the bottom.
    public func resize(height newHeight: Int) {
        height = max(1, newHeight)
        if rows.count > height {
            let drop = max(0, cursor - height + 1)
            rows = Array(rows[drop..<(drop + height)])
            cursor -= drop
        } else if rows.count < height {
            fill()
        }
    }

    /// Fetches the first page and selects its first row.
    public func top() {
        rows = load(PageRequest(after: nil, limit: height))
        cursor = 0
    }

    /// Fetches the last page and selects its last row.
    public func bottom() {
        rows = load(PageRequest(before: nil, limit: height))
        cursor = max(0, rows.count - 1)
    }

    /// Re-reads the visible window from the same position, keeping the selection where it was.
    public func reload() {
        let selectedID = selected?.id
        guard let first = rows.first else { return top() }
        let before = load(PageRequest(before: first.pageKey, limit: 1))
        rows = load(PageRequest(after: before.last?.pageKey, limit: height))
        cursor = rows.firstIndex { $0.id == selectedID } ?? min(cursor, max(0, rows.count - 1))
        fill()
    }

    /// Positions the window so that the row with `key` is visible and selected.
    public func reveal(_ key: Row.Key, id: RecordID) {
        let before = load(PageRequest(before: key, limit: 1))
        rows = load(PageRequest(after: before.last?.pageKey, limit: height))
        cursor = rows.firstIndex { $0.id == id } ?? 0
        fill()
    }

    /// Keeps the selection on the record `id` after a change that may have re-sorted it: re-reads
    /// the window, and when the record left it, moves the window to `key` (its new position).
    ///
    /// Returns false, leaving the selection where it was, when the record no longer belongs to
    /// the list (a solved case leaves the open queue).
    @discardableResult
    public func follow(_ id: RecordID, at key: Row.Key?) -> Bool {
        reload()
        if selected?.id == id { return true }
        if let index = rows.firstIndex(where: { $0.id == id }) {
            cursor = index
            return true
        }
        guard let key else { return false }
        let before = load(PageRequest(before: key, limit: 1))
        let window = load(PageRequest(after: before.last?.pageKey, limit: height))
        guard let index = window.firstIndex(where: { $0.id == id }) else { return false }
        rows = window
        cursor = index
        fill()
        return true
    }

    /// The rows from `start` to `end` in list order, whichever comes first, read forward by key
    /// in pages; nil when neither is found within `limit` rows of the other (a range to mark).
    public func span(from start: Row, to end: Row, limit: Int) -> [Row]? {
        if start.id == end.id { return [start] }
        for (first, last) in [(start, end), (end, start)] {
            var result = [first]
            var anchor = first.pageKey
            while result.count < limit {
                let page = load(PageRequest(after: anchor, limit: min(1_000, limit - result.count)))
                guard let tail = page.last else { break }
                for row in page {
                    result.append(row)
                    if row.id == last.id { return result }
                }
                anchor = tail.pageKey
            }
        }
        return nil
    }

    /// Every row of the list, up to `limit`, read forward by key in pages of 1,000 (mark all).
    public func all(limit: Int) -> [Row] {
        var result: [Row] = []
        var anchor: Row.Key?
        while result.count < limit {
            let page = load(PageRequest(after: anchor, limit: min(1_000, limit - result.count)))
            guard let tail = page.last else { break }
            result += page
            anchor = tail.pageKey
        }
        return result
    }

    /// Moves the selection by `delta` rows (negative is up), scrolling by key past either edge.
    public func move(by delta: Int) {
        guard !rows.isEmpty else { return }
        let target = cursor + delta
        if target >= rows.count {
            scrollDown(to: target)
        } else if target < 0 {
            scrollUp(to: target)
        } else {
            cursor = target
        }
    }

    private func scrollDown(to target: Int) {
        guard let last = rows.last else { return }
        rows += load(PageRequest(after: last.pageKey, limit: target - rows.count + 1))
        let reached = min(target, rows.count - 1)
        let drop = max(0, rows.count - height)
        rows.removeFirst(drop)
        cursor = reached - drop
    }

    private func scrollUp(to target: Int) {
        guard let first = rows.first else { return }
        let earlier = load(PageRequest(before: first.pageKey, limit: -target))
        rows = earlier + rows
        if rows.count > height { rows.removeLast(rows.count - height) }
        cursor = max(0, target + earlier.count)
    }

    private func fill() {
        guard rows.count < height else { return }
        if rows.isEmpty { return top() }
        if let last = rows.last { rows += load(PageRequest(after: last.pageKey, limit: height - rows.count)) }
        if rows.count < height, let first = rows.first {
            let earlier = load(PageRequest(before: first.pageKey, limit: height - rows.count))
            rows = earlier + rows
            cursor += earlier.count
        }
    }

    private func load(_ request: PageRequest<Row.Key>) -> [Row] {
        do {
            let page = try fetch(request)
            error = nil
            return page
        } catch {
            self.error = "\(error)"
            return []
        }
    }
}
