// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Foundation

extension StoreDataSource {
    /// A task, call, meeting, email or note from the activity form, through `Store.add`.
    ///
    /// The due time is read as the CLI reads `--due` (`WhenParser`, local time); links name a
    /// contact, company or deal by the handles the CLI takes, and one that matches nothing or
    /// several is shown under its field.
    func createActivity(_ fields: [String: String]) throws -> RecordID {
        var values = try Self.values(.activity, fields.filter { ["kind", "subject", "body"].contains($0.key) })
        if let due = fields["due"], !due.trimmed().isEmpty {
            let offset = TimeZone.current.secondsFromGMT()
            guard let at = WhenParser.parse(due, nowMillis: store.nowMillis, timeZoneOffsetSeconds: offset) else {
                throw FieldError(field: "due", message: "not a time; use one of: \(WhenParser.forms)")
            }
            values["due_at"] = .integer(at)
        }
        if values["kind"] == .text(Activity.Kind.task.rawValue) { values["done"] = .bool(false) }
        for (field, kind) in [("company", EntityKind.company), ("deal", .deal)] {
            guard let handle = fields[field]?.trimmed(), !handle.isEmpty else { continue }
            do {
                values[field + "_id"] = .text(try store.resolve(kind, handle).rawValue)
            } catch let error as StoreError {
                throw FieldError(field: field, message: "\(error)")
            }
        }
        let contact = fields["contact"].flatMap { $0.trimmed().isEmpty ? nil : $0 }
        return try store.add(RecordDraft(.activity, fields: values, contact: contact))
    }
}
