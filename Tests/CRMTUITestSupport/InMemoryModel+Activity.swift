// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI

extension InMemoryModel {
    /// An activity from the form's fields, as the store's adapter reads them: the due time with
    /// `WhenParser` (UTC here), the link by exact name, a wrong one as an error under its field.
    func activity(_ id: RecordID, _ fields: [String: String]) throws -> Activity {
        var due: Int64?
        if let text = fields["due"], !text.isEmpty {
            guard let at = WhenParser.parse(text, nowMillis: now, timeZoneOffsetSeconds: 0) else {
                throw FieldError(field: "due", message: "not a time")
            }
            due = at
        }
        var about: RecordRef?
        if let name = fields["contact"], !name.isEmpty {
            guard let contact = contacts.values.first(where: { $0.name == name }) else {
                throw FieldError(field: "contact", message: "no contact “\(name)”")
            }
            about = RecordRef(.contact, contact.id)
        } else if let name = fields["company"], !name.isEmpty {
            guard let company = companies.values.first(where: { $0.name == name }) else {
                throw FieldError(field: "company", message: "no company “\(name)”")
            }
            about = RecordRef(.company, company.id)
        } else if let name = fields["deal"], !name.isEmpty {
            guard let deal = deals.values.first(where: { $0.title == name }) else {
                throw FieldError(field: "deal", message: "no deal “\(name)”")
            }
            about = RecordRef(.deal, deal.id)
        }
        return Activity(
            id: id, kind: fields["kind"] ?? "note", subject: fields["subject"] ?? "", dueAt: due, about: about,
            createdAt: now)
    }
}
