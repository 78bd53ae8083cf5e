// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One pipeline stage as a board column: its identity and column totals.
public struct StageSummary: Sendable, Equatable {
    /// Whether deals in the stage are still open, or closed as won or lost.
    public enum Kind: String, Sendable {
        case open, won, lost
    }

    public var id: RecordID
    public var name: String
    public var kind: Kind
    /// Default win probability in percent.
    public var probability: Int
    public var dealCount: Int
    /// Sum of deal amounts, one entry per currency.
    public var totals: [MoneyAmount]

    public init(id: RecordID, name: String, kind: Kind, probability: Int, dealCount: Int, totals: [MoneyAmount]) {
        self.id = id
        self.name = name
        self.kind = kind
        self.probability = probability
        self.dealCount = dealCount
        self.totals = totals
    }
}
