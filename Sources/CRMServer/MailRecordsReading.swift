// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// Which `field_state` lookups answer a `MailRecordsQuery`, round by round, without any I/O.
///
/// Each round's lookups name records found by the round before (an activity's case, then the
/// case's and the policies' calendars), so both stores run the same rounds and only bind the
/// lookups in their dialect (`MailRecordsSQL`):
///
/// ```swift
/// var reading = MailRecordsReading(query)
/// while let lookups = reading.next() { for lookup in lookups { reading.take(try rows(lookup)) } }
/// ```
struct MailRecordsReading {
    /// One indexed read of `field_state`, within the query's tenant.
    enum Lookup: Hashable, Sendable {
        /// Every register of the contacts whose `email` is this address (ASCII case ignored).
        case contacts(email: String)
        /// The `activityFields` of the activities whose `message_id` is this Message-ID.
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
    private var round = 0
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
        round += 1
        switch round {
        case 1:
            return query.emails.map { .contacts(email: $0) } + query.messageIDs.map { .activities(messageID: $0) }
                + query.activityIDs.map { .activity(id: $0) } + [.kind(EntityKind.slaPolicy.rawValue)]
        case 2:
            return records(named: "case_id", of: [.activity], as: .supportCase)
        case 3:
            return records(named: "calendar_id", of: [.supportCase, .slaPolicy], as: .slaCalendar)
        default:
            return nil
        }
    }

    /// Adds the rows one lookup returned.
    mutating func take(_ found: [StoredRegister]) {
        for row in found { rows[FieldKey(entity: row.entity, entityID: row.entityID, field: row.field)] = row }
    }

    /// A lookup of each record of kind `target` whose id a `field` register of a `sources` record holds.
    private func records(named field: String, of sources: Set<EntityKind>, as target: EntityKind) -> [Lookup] {
        let kinds = Set(sources.map(\.rawValue))
        let ids = rows.values.filter { kinds.contains($0.entity) && $0.field == field }.compactMap { row -> String? in
            guard case .string(let id) = JSONValue(jsonText: row.valueJSON) else { return nil }
            return id
        }
        return Set(ids).sorted().map { .record(entity: target.rawValue, id: $0) }
    }
}
