// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One row of the companies list.
public struct CompanyRow: PagedRow, Equatable {
    public var id: RecordID
    public var name: String
    public var domain: String
    public var industry: String
    public var phone: String

    public init(id: RecordID, name: String, domain: String = "", industry: String = "", phone: String = "") {
        self.id = id
        self.name = name
        self.domain = domain
        self.industry = industry
        self.phone = phone
    }

    public var pageKey: NameKey { NameKey(name: name, id: id) }
}
