// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One row of the contacts list.
public struct ContactRow: PagedRow, Equatable {
    public var id: RecordID
    /// The data source's local number: the tie-breaker of the list order.
    public var num: Int64
    public var name: String
    public var email: String
    public var phone: String
    public var company: String
    public var title: String

    public init(
        id: RecordID, num: Int64, name: String, email: String = "", phone: String = "", company: String = "",
        title: String = ""
    ) {
        self.id = id
        self.num = num
        self.name = name
        self.email = email
        self.phone = phone
        self.company = company
        self.title = title
    }

    public var pageKey: NameKey { NameKey(name: name, num: num) }
}
