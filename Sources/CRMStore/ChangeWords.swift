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
        let name = try withValues(kind) { try $0.name(of: kind, id: id) }
        return "\(kind.label) \"\(name)\""
    }

    /// A value as people read it; "—" for none.
    mutating func value(_ kind: EntityKind, _ field: String, _ value: FieldValue) throws -> String {
        try withValues(kind) { try $0.text(field, value.jsonText) }
    }

    /// A field's name for people: `stage_id` → stage.
    static func field(_ name: String) -> String { TimelineValues.label(name) }

    /// Runs `body` on the kind's values in place.
    ///
    /// A copy taken out of `byKind` and stored back
    /// would share its label cache with the entry still there, so every new label copied the
    /// whole cache: quadratic over the 16,000 records of a 10,000-deal bulk move's undo.
    private mutating func withValues<T>(_ kind: EntityKind, _ body: (inout TimelineValues) throws -> T) rethrows -> T {
        let (db, offset) = (db, timeZoneOffsetSeconds)
        return try body(&byKind[kind, default: TimelineValues(db: db, kind: kind, timeZoneOffsetSeconds: offset)])
    }
}
