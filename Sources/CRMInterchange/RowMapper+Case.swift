// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

extension RowMapper {
    /// A support case: subject, description, priority and status in our words, when it was
    /// opened (`created_at`) and resolved, its contact and assignee.
    func mapCase(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        guard let subject = cells["subject"] else {
            throw ValueError("no subject: column '\(cells.header(of: "subject"))' is empty")
        }
        fields["subject"] = .text(subject)
        if let text = cells["description"] { fields["description"] = .text(text) }
        if let queue = cells["queue"] { fields["queue"] = .text(queue) }
        if let priority = cells["priority"] {
            guard let ours = Self.casePriority(priority) else {
                throw ValueError(
                    "column '\(cells.header(of: "priority"))': '\(priority)' is not a priority "
                        + "(low, medium/normal, high, critical/urgent)")
            }
            fields["priority"] = .text(ours)
        }
        if let status = cells["status"] {
            guard let ours = Self.caseStatus(status) else {
                throw ValueError(
                    "column '\(cells.header(of: "status"))': '\(status)' is not a case status "
                        + "(new, open/working/in progress/escalated, pending/on hold, solved/resolved, closed)")
            }
            fields["status"] = .text(ours)
        }
        if let resolved = cells["resolved_at"] {
            fields["resolved_at"] = try dates.timestamp(resolved).get(in: cells, "resolved_at")
        }
        if let email = cells["contact_email"] {
            fields[ImportRow.Reference.contactEmail] = .text(
                try ContactValues.email(email).get(in: cells, "contact_email"))
        }
        if let contact = cells["contact_external_id"] {
            fields[ImportRow.Reference.contactExternalID] = .text(contact)
        }
    }

    /// A source priority in our words (Salesforce: Low, Medium, High; Zendesk-style: Urgent).
    static func casePriority(_ text: String) -> String? {
        switch MatchKey.compact(text) {
        case "low": "low"
        case "medium", "normal": "normal"
        case "high": "high"
        case "urgent", "critical": "urgent"
        default: nil
        }
    }

    /// A source status in our words (Salesforce's New, Working, Escalated, Closed; exports also
    /// write `open`, `in_progress`).
    static func caseStatus(_ text: String) -> String? {
        switch MatchKey.compact(text) {
        case "new": "new"
        case "open", "working", "inprogress", "escalated", "reopened": "open"
        case "pending", "onhold", "waiting", "waitingoncustomer": "pending"
        case "solved", "resolved": "solved"
        case "closed": "closed"
        default: nil
        }
    }
}
