// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Which page of a keyset-ordered list to fetch.
///
/// `anchor` nil with `.forward` is the first page and with `.backward` the last. Rows always come
/// back in list order (ascending), whichever way the page was read.
public struct PageRequest<Key: Sendable & Equatable>: Sendable, Equatable {
    /// Reading direction relative to the anchor.
    public enum Direction: Sendable, Equatable {
        case forward
        case backward
    }

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

/// A position in a list ordered by a name (or title) and then id.
public struct NameKey: Sendable, Hashable, Comparable {
    public var name: String
    public var id: RecordID

    public init(name: String, id: RecordID) {
        self.name = name
        self.id = id
    }

    public static func < (lhs: NameKey, rhs: NameKey) -> Bool {
        (lhs.name, lhs.id) < (rhs.name, rhs.id)
    }
}

/// A position in a list ordered by a due time (milliseconds, `Int64.max` for none) and then id.
public struct DueKey: Sendable, Hashable, Comparable {
    public var due: Int64
    public var id: RecordID

    public init(due: Int64?, id: RecordID) {
        self.due = due ?? Int64.max
        self.id = id
    }

    public static func < (lhs: DueKey, rhs: DueKey) -> Bool {
        (lhs.due, lhs.id) < (rhs.due, rhs.id)
    }
}

/// A row that knows its position in a keyset-paged list.
public protocol PagedRow: Sendable {
    associatedtype Key: Sendable & Equatable
    var id: RecordID { get }
    var pageKey: Key { get }
}
