// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One deal as a card on the pipeline board.
public struct DealCard: PagedRow, Equatable {
    public var id: RecordID
    public var title: String
    public var amount: MoneyAmount
    public var company: String
    public var closeDate: String

    public init(id: RecordID, title: String, amount: MoneyAmount, company: String = "", closeDate: String = "") {
        self.id = id
        self.title = title
        self.amount = amount
        self.company = company
        self.closeDate = closeDate
    }

    public var pageKey: NameKey { NameKey(name: title, id: id) }
}
