// crm — a terminal-first CRM. Licensed under the MIT License.

/// The top-level screens, in the order of their number keys.
///
/// Numbers follow STYLE.md's key table (1 contacts … 5 dashboard) with the agenda as 6.
public enum ScreenID: Int, CaseIterable, Sendable {
    case contacts = 1
    case companies
    case pipeline
    case cases
    case dashboard
    case agenda

    /// The tab label.
    public var title: String {
        switch self {
        case .contacts: "Contacts"
        case .companies: "Companies"
        case .pipeline: "Pipeline"
        case .cases: "Cases"
        case .dashboard: "Dashboard"
        case .agenda: "Agenda"
        }
    }

    /// The number key that jumps here.
    public var key: Key { .char(Character(String(rawValue))) }
}
