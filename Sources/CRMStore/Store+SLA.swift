// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// SLA policies and the business-hours calendars they count in (`crm sla`). Both are synced
/// records; a case takes its policy's calendar when opened or re-prioritised.
extension Store {
    /// Every live calendar by name.
    public func slaCalendars() throws -> [SLACalendarRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM sla_calendars WHERE deleted = 0 ORDER BY name COLLATE NOCASE, num"
            ).compactMap { row in
                guard let calendar = RecordDecoding.calendar(row), let id = RecordDecoding.id(row, "id") else {
                    return nil
                }
                return SLACalendarRecord(id: id, num: row["num"], name: row["name"], calendar: calendar)
            }
        }
    }

    /// Creates the calendar called `name`, or replaces the hours of the one that exists.
    ///
    /// Names compare without case. Cases opened before keep their due times.
    @discardableResult
    public func setSLACalendar(name: String, _ calendar: BusinessCalendar) throws -> RecordID {
        let trimmed = name.trimmed()
        guard !trimmed.isEmpty else { throw StoreError.invalid(.empty(field: "name")) }
        let fields: [String: FieldValue] = [
            "name": .text(trimmed), "time_zone": .text(calendar.timeZone.identifier), "days": .text(calendar.daysText),
            "hours": .text(calendar.hoursText),
            "holidays": calendar.holidays.isEmpty ? .null : .text(calendar.holidaysText),
        ]
        return try write { recorder in
            if let existing = try Self.calendarID(recorder.db, named: trimmed) {
                try recorder.update(.slaCalendar, id: existing, fields)
                return existing
            }
            let id = RecordID.make()
            try recorder.create(.slaCalendar, id: id, fields)
            return id
        }
    }

    /// The policy of each priority, with its calendar's name (nil: around the clock).
    public func slaPolicies() throws -> [(policy: SLAPolicy, calendarName: String?)] {
        try read { db in
            try SupportCase.Priority.allCases.reversed().map { priority in
                let policy = try Self.policy(db, priority)
                let name = try policy.calendarID.flatMap { id in
                    try String.fetchOne(
                        db, sql: "SELECT name FROM sla_calendars WHERE id = ?", arguments: [id.rawValue])
                }
                return (policy, name)
            }
        }
    }

    /// Changes one priority's policy: its windows in minutes, and the calendar they count in.
    ///
    /// `calendar` is `.some(nil)` for around the clock, nil to leave it. Open cases keep their due
    /// times; cases opened or re-prioritised after follow the new policy.
    public func setSLAPolicy(
        _ priority: SupportCase.Priority, firstResponseMinutes: Int64? = nil, resolutionMinutes: Int64? = nil,
        calendar: String?? = nil
    ) throws {
        for (field, minutes) in [("first-response", firstResponseMinutes), ("resolution", resolutionMinutes)] {
            if let minutes, minutes <= 0 {
                throw StoreError.invalid(.outOfRange(field: field, value: "\(minutes)", range: "at least 1 minute"))
            }
        }
        try write { recorder in
            var fields: [String: FieldValue] = [:]
            if let firstResponseMinutes { fields["first_response_minutes"] = .integer(firstResponseMinutes) }
            if let resolutionMinutes { fields["resolution_minutes"] = .integer(resolutionMinutes) }
            if let calendar {
                if let name = calendar {
                    guard let id = try Self.calendarID(recorder.db, named: name) else {
                        throw StoreError.notFound(kind: .slaCalendar, handle: name)
                    }
                    fields["calendar_id"] = .text(id.rawValue)
                } else {
                    fields["calendar_id"] = .null
                }
            }
            if let id = try String.fetchOne(
                recorder.db, sql: "SELECT id FROM sla_policies WHERE priority = ? AND deleted = 0 ORDER BY num LIMIT 1",
                arguments: [priority.rawValue]
            ).flatMap(RecordID.init) {
                try recorder.update(.slaPolicy, id: id, fields)
                return
            }
            let current = try Self.policy(recorder.db, priority)
            fields["priority"] = .text(priority.rawValue)
            fields["first_response_minutes"] =
                fields["first_response_minutes"] ?? .integer(current.firstResponseMinutes)
            fields["resolution_minutes"] = fields["resolution_minutes"] ?? .integer(current.resolutionMinutes)
            try recorder.create(
                .slaPolicy, id: RecordID.stable(namespace: "default-sla", name: priority.rawValue), fields)
        }
    }

    static func calendarID(_ db: Database, named name: String) throws -> RecordID? {
        try String.fetchOne(
            db, sql: "SELECT id FROM sla_calendars WHERE name = ? COLLATE NOCASE AND deleted = 0 ORDER BY num LIMIT 1",
            arguments: [name.trimmed()]
        ).flatMap(RecordID.init)
    }
}
