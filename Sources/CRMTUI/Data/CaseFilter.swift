// crm — a terminal-first CRM. Licensed under the MIT License.

/// Which open cases the triage queue shows.
///
/// "Breached" means the next SLA deadline has passed; "at risk" means under 25% of the time
/// between creation and that deadline is left (SPEC section 6).
public enum CaseFilter: String, CaseIterable, Sendable {
    case open
    case mine
    case unassigned
    case breached
    case atRisk = "at-risk"
    /// Cases others changed (pulled by sync) since the user last looked at this filter.
    case changed

    /// The label shown in the filter bar.
    public var label: String {
        switch self {
        case .open: "all open"
        case .mine: "mine"
        case .unassigned: "unassigned"
        case .breached: "breached"
        case .atRisk: "at risk"
        case .changed: "changed"
        }
    }
}
