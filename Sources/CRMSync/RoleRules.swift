// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// What a role may write and see, change by change (SPEC 7, the matrix in Docs/SYNC.md).
///
/// One table for the server, which refuses single changes and filters pulls by it, and for the
/// client, which warns before a write the server would refuse. Kinds come from `Role.allows`;
/// on top of that an activity attached to a case follows the case: a role that may not see
/// cases neither receives nor writes that case's notes, calls and replies.
public enum RoleRules {
    /// The visibility class of a change: `case` for an activity attached to a case, else nil.
    public static let caseScope = "case"

    /// The scope of `change`, given the `case_id` the activity has already (nil if none is known).
    ///
    /// A create names its case in its initial fields and a `set` of `case_id` moves it; any other
    /// change of an activity keeps the case the activity had.
    public static func scope(of change: WireChange, storedCaseID: JSONValue?) -> String? {
        guard change.kind == .activity else { return nil }
        let caseID: JSONValue? =
            switch change.op {
            case .create: change.initialFields["case_id"]
            case .set where change.field == "case_id": change.value
            default: storedCaseID
            }
        guard let caseID, !caseID.isNull else { return nil }
        return caseScope
    }

    /// Whether `role` receives a change of `kind` in `scope` on pull.
    ///
    /// Beyond the kinds it may write, a role that works cases reads the SLA policies and
    /// calendars their clocks run on, so an agent's device counts the team's business hours;
    /// every role receives custom-field definitions, which it needs to show and fill values
    /// (only admins and managers may write them: `refusal`).
    public static func sees(_ role: Role, kind: EntityKind, scope: String?) -> Bool {
        if kind == .field { return true }
        if kind == .slaPolicy || kind == .slaCalendar { return role.allows(kind) || role.allows(.supportCase) }
        guard role.allows(kind) else { return false }
        return scope != caseScope || role.allows(.supportCase)
    }

    /// Why `role` may not write `change` (in `scope`), or nil when it may.
    public static func refusal(_ role: Role, change: WireChange, scope: String?) -> RejectedChange? {
        guard let kind = change.kind else { return nil }
        if !role.allows(kind) {
            return RejectedChange(
                changeID: change.changeID, code: "role_forbids",
                message: "role '\(role.rawValue)' may not write \(kind.rawValue) records")
        }
        if scope == caseScope, !role.allows(.supportCase) {
            return RejectedChange(
                changeID: change.changeID, code: "role_forbids",
                message: "role '\(role.rawValue)' may not write activities of a case")
        }
        return nil
    }
}
