// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One deal as a card on the pipeline board.
public struct DealCard: PagedRow, Equatable {
    public var id: RecordID
    /// The data source's local number; the board lists newest (highest) first.
    public var num: Int64
    public var title: String
    public var amount: MoneyAmount
    public var company: String
    public var closeDate: String

    public init(
        id: RecordID, num: Int64, title: String, amount: MoneyAmount, company: String = "", closeDate: String = ""
    ) {
        self.id = id
        self.num = num
        self.title = title
        self.amount = amount
        self.company = company
        self.closeDate = closeDate
    }

    public var pageKey: SequenceKey { SequenceKey(num: num) }
}
