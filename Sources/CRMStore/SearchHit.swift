// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One search result: which record, what to show, and how well it matched.
public struct SearchHit: Hashable, Sendable {
    public var kind: EntityKind
    public var id: RecordID
    public var num: Int64
    public var title: String
    public var detail: String
    /// Lower is better: name-prefix matches first, then title matches, then the rest (SearchRanking).
    public var score: Double

    public init(kind: EntityKind, id: RecordID, num: Int64, title: String, detail: String, score: Double) {
        self.kind = kind
        self.id = id
        self.num = num
        self.title = title
        self.detail = detail
        self.score = score
    }
}
