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
        try choose(
            "priority", in: cells, into: &fields, expected: "a priority (low, medium/normal, high, critical/urgent)"
        ) {
            Self.casePriority($0)
        }
        try choose(
            "status", in: cells, into: &fields,
            expected:
                "a case status (new, open/working/in progress/escalated, pending/on hold, solved/resolved, closed)"
        ) { Self.caseStatus($0) }
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

    /// Sets `target` to the source value in our words, or names the column and what it accepts.
    private func choose(
        _ target: String, in cells: Cells, into fields: inout [String: FieldValue], expected: String,
        _ ours: (String) -> String?
    ) throws(ValueError) {
        guard let value = cells[target] else { return }
        guard let mapped = ours(value) else {
            throw ValueError("column '\(cells.header(of: target))': '\(value)' is not \(expected)")
        }
        fields[target] = .text(mapped)
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
