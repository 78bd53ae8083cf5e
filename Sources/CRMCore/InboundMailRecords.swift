// crm — a terminal-first CRM. Licensed under the MIT License.

/// The records a customer's message becomes, as field values.
///
/// One mapping for both ways mail comes in: `crm mail import` on a device (the store) and
/// crm-server's mail gateway (which writes the same records into a tenant's change log). A case
/// opened from mail must look the same in `crm case show` and the TUI whichever of them took the
/// message in, so neither builds these fields itself.
public enum InboundMailRecords {
    /// The subject of a message that has none.
    public static let noSubject = "(no subject)"
    /// The tag a bounce puts on a contact whose address cannot receive mail, so the team sees it
    /// on every device (`crm contact show`, `crm contact list --tag email-failing`).
    public static let failingTag = "email-failing"

    /// The case subject for a message subject (already cleaned of control characters).
    public static func subject(_ subject: String) -> String {
        subject.isEmpty ? noSubject : subject
    }

    /// A contact for a sender no contact has the address of: named by the display name, else the address.
    public static func contact(address: EmailAddress, name: String?) -> [String: FieldValue] {
        let display = name.flatMap { $0.isEmpty ? nil : $0 } ?? address.value
        return ["name": .text(display), "email": .text(address.value)]
    }

    /// The input of a case the message opens (`CaseWorkflow.open` completes it).
    public static func newCase(subject: String, contactID: RecordID) -> [String: FieldValue] {
        ["subject": .text(Self.subject(subject)), "contact_id": .text(contactID.rawValue)]
    }

    /// The customer's message on a case: an `email` activity whose body is the message text,
    /// carrying its Message-ID so replies from any device thread to it.
    public static func message(
        messageID: String, subject: String, text: String, caseID: RecordID, contactID: RecordID
    ) -> [String: FieldValue] {
        let body = text.trimmed(newlines: true)
        return [
            "kind": .text(Activity.Kind.email.rawValue),
            "subject": .text("From customer: " + String(Self.subject(subject).prefix(60))),
            "body": .text(body.isEmpty ? "(no text)" : body), "case_id": .text(caseID.rawValue),
            "contact_id": .text(contactID.rawValue), "message_id": .text(messageID),
        ]
    }

    /// The case changes of a customer's answer: a pending or solved case opens again, so its
    /// resolution clock runs again (`CaseWorkflow.changeStatus`); any other status stays.
    public static func answer(_ item: SupportCase, nowMillis: Int64) -> [String: FieldValue] {
        guard item.status == .pending || item.status == .solved else { return [:] }
        return CaseWorkflow.changeStatus(item, to: .open, nowMillis: nowMillis)
    }

    /// Whether a customer's answer lands on `item`: a closed case is final, so an answer to it
    /// opens a new case.
    public static func answers(_ item: SupportCase) -> Bool {
        item.status != .closed
    }
}
