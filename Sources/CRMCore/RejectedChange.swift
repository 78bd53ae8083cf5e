// crm — a terminal-first CRM. Licensed under the MIT License.

/// A change the server stored but refused to apply (SYNC.md 3.7 semantic rejection).
///
/// In CRMCore rather than with the wire types in CRMSync because the local store records
/// refusals too (`Store.recordRefusals`), and CRMStore does not depend on the sync protocol.
public struct RejectedChange: Codable, Hashable, Sendable {
    public var changeID: String
    public var code: String
    public var message: String

    public init(changeID: String, code: String, message: String) {
        self.changeID = changeID
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case changeID = "change_id"
        case code, message
    }
}
