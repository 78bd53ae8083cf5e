// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One row of the companies list.
public struct CompanyRow: PagedRow, Equatable {
    public var id: RecordID
    /// The data source's local number: the tie-breaker of the list order.
    public var num: Int64
    public var name: String
    public var domain: String
    public var industry: String
    public var phone: String

    public init(id: RecordID, num: Int64, name: String, domain: String = "", industry: String = "", phone: String = "")
    {
        self.id = id
        self.num = num
        self.name = name
        self.domain = domain
        self.industry = industry
        self.phone = phone
    }

    public var pageKey: NameKey { NameKey(name: name, num: num) }
}
