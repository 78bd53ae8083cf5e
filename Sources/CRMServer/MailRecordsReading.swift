// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// Which `field_state` lookups answer a `MailRecordsQuery`, round by round, without any I/O.
///
/// The first round finds records by address, Message-ID and id; each later round reads what the
/// rows so far name (a found contact's registers, a found activity's, an activity's case, a case's
/// or a policy's calendar) until nothing new is named. Every lookup is one indexed read by key,
/// so neither database's planner can turn one into a join over the tenant's records. Both stores
/// run the same rounds and only bind the lookups in their dialect (`MailRecordsSQL`):
///
/// ```swift
/// var reading = MailRecordsReading(query)
/// while let lookups = reading.next() { for lookup in lookups { reading.take(try rows(lookup)) } }
/// ```
struct MailRecordsReading {
    /// One indexed read of `field_state`, within the query's tenant.
    enum Lookup: Hashable, Sendable {
        /// The `email` registers equal to this address, ASCII case ignored.
        case contacts(email: String)
        /// The `message_id` registers of activities equal to this Message-ID.
        case activities(messageID: String)
        /// The `activityFields` of one activity.
        case activity(id: String)
        /// Every register of one record.
        case record(entity: String, id: String)
        /// Every register of every record of one kind (the SLA policies: a handful).
        case kind(String)
    }

    /// The registers of an activity the gateway reads: its existence, case and Message-ID, never
    /// its text, which can be long.
    static let activityFields = [FieldVersion.deletedField, "case_id", "message_id"]

    let query: MailRecordsQuery
    private var done: Set<Lookup> = []
    private var rows: [FieldKey: StoredRegister] = [:]

    init(_ query: MailRecordsQuery) {
        self.query = query
    }

    /// The registers read so far, in a stable order.
    var registers: [StoredRegister] {
        rows.values.sorted { ($0.entity, $0.entityID, $0.field) < ($1.entity, $1.entityID, $1.field) }
    }

    /// The next round's lookups, or nil when the reading is complete.
    mutating func next() -> [Lookup]? {
        let wanted = done.isEmpty ? first : named
        let fresh = wanted.filter { !done.contains($0) }
        guard !fresh.isEmpty else { return nil }
        done.formUnion(fresh)
        return fresh
    }

    /// Adds the rows one lookup returned.
    mutating func take(_ found: [StoredRegister]) {
        for row in found { rows[FieldKey(entity: row.entity, entityID: row.entityID, field: row.field)] = row }
    }

    private var first: [Lookup] {
        query.emails.map { .contacts(email: $0) } + query.messageIDs.map { .activities(messageID: $0) }
            + query.activityIDs.map { .activity(id: $0) } + [.kind(EntityKind.slaPolicy.rawValue)]
    }

    /// The lookups the rows read so far name, in a stable order.
    private var named: [Lookup] {
        var lookups: Set<Lookup> = []
        for row in rows.values {
            switch (row.entity, row.field) {
            case (EntityKind.contact.rawValue, _): lookups.insert(.record(entity: row.entity, id: row.entityID))
            case (EntityKind.activity.rawValue, "case_id"):
                lookups.insert(.activity(id: row.entityID))
                if let id = Self.id(row) { lookups.insert(.record(entity: EntityKind.supportCase.rawValue, id: id)) }
            case (EntityKind.activity.rawValue, _): lookups.insert(.activity(id: row.entityID))
            case (EntityKind.supportCase.rawValue, "calendar_id"), (EntityKind.slaPolicy.rawValue, "calendar_id"):
                if let id = Self.id(row) { lookups.insert(.record(entity: EntityKind.slaCalendar.rawValue, id: id)) }
            default: break
            }
        }
        return lookups.sorted { "\($0)" < "\($1)" }
    }

    /// The record id a register holds, or nil.
    private static func id(_ row: StoredRegister) -> String? {
        guard case .string(let id) = JSONValue(jsonText: row.valueJSON) else { return nil }
        return id
    }
}
