// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Names records and values of logged changes the way people read them, for undo lists and
/// undo reports: `deal "Acme renewal"`, `amount 5,000.00 EUR`, a stage by its name.
struct ChangeWords {
    let db: Database
    let timeZoneOffsetSeconds: Int
    private var byKind: [EntityKind: TimelineValues] = [:]

    init(db: Database, timeZoneOffsetSeconds: Int) {
        self.db = db
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }

    /// `deal "Acme renewal"`: the kind and the record's current name, title or subject.
    mutating func record(_ kind: EntityKind, _ id: String) throws -> String {
        var values = self.values(kind)
        defer { byKind[kind] = values }
        return "\(kind.label) \"\(try values.name(of: kind, id: id))\""
    }

    /// A value as people read it; "—" for none.
    mutating func value(_ kind: EntityKind, _ field: String, _ value: FieldValue) throws -> String {
        var values = self.values(kind)
        defer { byKind[kind] = values }
        return try values.text(field, value.jsonText)
    }

    /// A field's name for people: `stage_id` → stage.
    static func field(_ name: String) -> String { TimelineValues.label(name) }

    private func values(_ kind: EntityKind) -> TimelineValues {
        byKind[kind] ?? TimelineValues(db: db, kind: kind, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
    }
}
