// crm — a terminal-first CRM. Licensed under the MIT License.

/// What a change does to its record.
///
/// `create`, `delete` and `restore` write the row-existence register (`_deleted`); `set` writes
/// one field. `conflict` records are made only by the server, one per detected conflict, so that
/// every device pulls the same conflict set (SYNC.md 3.6 step 3); a pushed `conflict` is refused.
public enum WireOp: String, Codable, Sendable, CaseIterable {
    case create
    case set
    case delete
    case restore
    case conflict

    /// The value the `_deleted` register takes, or nil for operations on fields.
    public var deletedValue: Bool? {
        switch self {
        case .create, .restore: false
        case .delete: true
        case .set, .conflict: nil
        }
    }
}
