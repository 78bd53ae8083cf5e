// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Which page of a keyset-ordered list to fetch.
///
/// `anchor` nil with `.forward` is the first page and with `.backward` the last. Rows always come
/// back in list order (ascending), whichever way the page was read.
public struct PageRequest<Key: Sendable & Equatable>: Sendable, Equatable {
    /// Reading direction relative to the anchor (shared by every key type).
    public typealias Direction = PageDirection

    public var anchor: Key?
    public var direction: Direction
    public var limit: Int

    public init(anchor: Key? = nil, direction: Direction = .forward, limit: Int) {
        self.anchor = anchor
        self.direction = direction
        self.limit = limit
    }

    /// The page right after a key (or the first page for nil).
    public init(after key: Key?, limit: Int) {
        self.init(anchor: key, direction: .forward, limit: limit)
    }

    /// The page right before a key (or the last page for nil).
    public init(before key: Key?, limit: Int) {
        self.init(anchor: key, direction: .backward, limit: limit)
    }
}

/// Reading direction of a page relative to its anchor.
public enum PageDirection: Sendable, Equatable {
    case forward
    case backward
}

/// A position in a list ordered by name and then by the record's local number.
///
/// `num` is the data source's stable tie-breaker (the store's local row number), so two records
/// with the same name still have distinct, ordered positions. The data source decides how names
/// compare (the store folds case and accents).
public struct NameKey: Sendable, Hashable {
    public var name: String
    public var num: Int64

    public init(name: String, num: Int64) {
        self.name = name
        self.num = num
    }
}

/// A position in a list ordered by a due time in milliseconds and then local number.
public struct DueKey: Sendable, Hashable {
    /// `Int64.max` when there is no due time (such cases sort last).
    public var due: Int64
    public var num: Int64

    public init(due: Int64?, num: Int64) {
        self.due = due ?? Int64.max
        self.num = num
    }
}

/// A position in a list ordered by local number, newest (highest) first: the board's cards.
public struct SequenceKey: Sendable, Hashable {
    public var num: Int64

    public init(num: Int64) {
        self.num = num
    }
}

/// A row that knows its position in a keyset-paged list.
public protocol PagedRow: Sendable {
    associatedtype Key: Sendable & Equatable
    var id: RecordID { get }
    var pageKey: Key { get }
}
