// crm — a terminal-first CRM. Licensed under the MIT License.

/// One change the TUI applies to every marked record at once (`CRMDataSource.bulk`).
///
/// Values are what the user picked, as text: a teammate's name (or `me`, or "" for nobody), a
/// status, a priority, a stage name, a tag. The data source resolves them once and applies the
/// change in one transaction, so one undo takes it all back.
public enum BulkChange: Sendable, Equatable {
    case assign(String)
    case status(String)
    case priority(String)
    case stage(String)
    case tag(String)
    case delete

    /// "assign to Bo", "priority high": what the confirmation and the status line say.
    public var summary: String {
        switch self {
        case .assign(let person): person.isEmpty ? "unassign" : "assign to \(person)"
        case .status(let value): "status \(value)"
        case .priority(let value): "priority \(value)"
        case .stage(let value): "move to \(value)"
        case .tag(let value): "tag \(value)"
        case .delete: "delete"
        }
    }
}
