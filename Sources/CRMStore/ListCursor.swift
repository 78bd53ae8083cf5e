// crm — a terminal-first CRM. Licensed under the MIT License.

/// A keyset position in a sorted list: the sort key and local number of the last row seen.
///
/// Lists page by key, never by OFFSET: the next page is "rows after (key, num)", an index
/// seek that costs the same at row 10 and at row 900,000.
public struct ListCursor: Hashable, Sendable {
    public var key: String
    public var num: Int64

    public init(key: String, num: Int64) {
        self.key = key
        self.num = num
    }
}
