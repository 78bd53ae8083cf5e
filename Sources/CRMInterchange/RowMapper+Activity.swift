// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

extension RowMapper {
    /// A task, call, email, meeting or note: its kind in our words, subject, body, when it is due
    /// (a date alone means 17:00 that day in the importing user's zone, as `--due` reads it),
    /// whether it is done, and the records it is about.
    ///
    /// A source row that is not done yet (its done flag or status says so) is a task, a to-do,
    /// whatever its type; a done one, or one with no such state, takes its type (a completed
    /// Salesforce "Call" task is a logged call).
    ///
    /// Salesforce names what an activity is about by two polymorphic ids, `WhoId` (a contact or a
    /// lead) and `WhatId` (an account, opportunity, case, …), whose first three characters say the
    /// object (`SalesforceKeyPrefix`). They become the contact, company, deal or case reference; a lead,
    /// which crm does not import, leaves the activity without a contact.
    func mapActivity(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        let done =
            try cells["done"].map { text throws(ValueError) in try Self.flag(text).get(in: cells, "done") }
            ?? cells["status"].map(Self.isDoneStatus)
        // Something still to do is a task, whatever its type: an open "Call" task is a call to make.
        let kind = done == false ? .task : cells["type"].map(Self.activityKind) ?? .task
        fields["kind"] = .text(kind.rawValue)
        guard let subject = cells["subject"] ?? cells["type"] else {
            throw ValueError("no subject: column '\(cells.header(of: "subject"))' is empty")
        }
        fields["subject"] = .text(subject)
        if let body = cells["body"] { fields["body"] = .text(body) }
        if let due = cells["due_at"] {
            let clock = try cells["due_time"].map { text throws(ValueError) in
                try Self.clock(text).get(in: cells, "due_time")
            }
            fields["due_at"] = try dueTime(due, at: clock).get(in: cells, "due_at")
        }
        if kind == .task { fields["done"] = .bool(done ?? false) }
        if done == true, let when = cells["done_at"] {
            fields["done_at"] = try dates.timestamp(when).get(in: cells, "done_at")
        }
        try mapActivityLinks(cells, into: &fields)
    }

    private func mapActivityLinks(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        var links: [String: String] = [:]
        for target in ["contact_external_id", "deal_external_id", "case_external_id", "company_external_id"] {
            if let id = cells[target] { links[target] = id }
        }
        for column in ["who_external_id", "what_external_id"] {
            guard let id = cells[column], let key = SalesforceKeyPrefix.of(id) else { continue }
            guard let target = key.target else {
                fields[ImportRow.Reference.unimportedObject] = .text(key.object)
                continue
            }
            links[target] = links[target] ?? id
        }
        if let contact = links["contact_external_id"] {
            fields[ImportRow.Reference.contactExternalID] = .text(contact)
        }
        if let company = links["company_external_id"] {
            fields[ImportRow.Reference.companyExternalID] = .text(company)
        }
        if let deal = links["deal_external_id"] { fields[ImportRow.Reference.dealExternalID] = .text(deal) }
        if let supportCase = links["case_external_id"] {
            fields[ImportRow.Reference.caseID] = .text(
                RecordID.stable(
                    namespace: ImportPreset.namespace(kind: .supportCase, preset: mapping.preset), name: supportCase
                ).rawValue)
            fields[ImportRow.Reference.caseExternalID] = .text(supportCase)
        }
        if let email = cells["contact_email"] {
            fields[ImportRow.Reference.contactEmail] = .text(
                try ContactValues.email(email).get(in: cells, "contact_email"))
        }
    }

    /// A due time: a date alone is at `clock` (Pipedrive's separate "Due time" column) that day in
    /// the importing user's zone, else at 17:00.
    func dueTime(_ text: String, at clock: (hour: Int, minute: Int)? = nil) -> Result<FieldValue, ValueError> {
        let time = clock ?? (17, 0)
        guard case .success(.text(let day)) = dates.date(text),
            let due = localTime(day, hour: time.hour, minute: time.minute)
        else {
            return dates.timestamp(text)
        }
        return .success(.integer(due))
    }

    /// A time of day, `HH:MM` or `HH:MM:SS` (the seconds are dropped).
    static func clock(_ text: String) -> Result<(hour: Int, minute: Int), ValueError> {
        let parts = text.split(separator: ":").map { Int($0.trimmed()) }
        guard parts.count >= 2, let hour = parts[0], let minute = parts[1], (0..<24).contains(hour),
            (0..<60).contains(minute)
        else {
            return .failure(ValueError("'\(text)' is not a time of day like 14:30"))
        }
        return .success((hour, minute))
    }

    /// A source activity type in our words.
    ///
    /// Salesforce's `Type` and `TaskSubtype` (Call, Email, ListEmail, Task, Meeting, Other),
    /// `EventSubtype` (Event), and the usual words elsewhere. Anything else is a task, the kind
    /// that can be done.
    static func activityKind(_ text: String) -> Activity.Kind {
        switch MatchKey.compact(text) {
        case "call", "phonecall", "logacall", "phone": .call
        case "email", "listemail", "mail", "emailmessage": .email
        case "meeting", "event", "appointment", "lunch", "demo": .meeting
        case "note": .note
        default: .task
        }
    }

    /// True for the task statuses that mean finished (Salesforce's Completed, and the usual
    /// words); every other status, custom ones included, is open.
    static func isDoneStatus(_ text: String) -> Bool {
        ["completed", "complete", "done", "closed", "finished", "resolved"].contains(MatchKey.compact(text))
    }

    /// A yes/no cell: `1`, `true`, `yes`, `x` and their opposites.
    static func flag(_ text: String) -> Result<Bool, ValueError> {
        switch MatchKey.compact(text) {
        case "1", "true", "yes", "y", "x", "done": .success(true)
        case "0", "false", "no", "n", "todo": .success(false)
        default: .failure(ValueError("'\(text)' is not yes or no (expected 1/0, true/false or yes/no)"))
        }
    }
}
