// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Which cases a triage list shows.
public struct CaseFilter: Sendable, Equatable {
    public var statuses: [SupportCase.Status]?
    public var queue: String?
    public var assigneeID: RecordID?
    public var unassigned = false
    public var breachedOnly = false
    /// Cases whose clock says at risk.
    ///
    /// Such a case is before its next due time (`sla_due`), so the search starts there. The one
    /// exception, a paused case whose policy makes resolution due before first response, is left
    /// out of this list (it shows in every other).
    public var atRiskOnly = false
    /// Only cases a change pulled by sync touched after this `remote_log` sequence: what came in
    /// from others since the user last looked (`Store.remoteChangeMark`).
    public var changedAfter: Int64?

    public init(statuses: [SupportCase.Status]? = [.new, .open, .pending]) { self.statuses = statuses }
}

extension Store {
    /// Opens a case with SLA due times from the policy of its priority.
    @discardableResult
    public func openCase(_ input: [String: FieldValue], id: RecordID = .make()) throws -> RecordID {
        try write { recorder in try Self.openCase(input, id: id, in: recorder) }
    }

    /// `openCase` inside an open write transaction (a draft with links, an import, mail).
    @discardableResult
    public static func openCase(_ input: [String: FieldValue], id: RecordID, in recorder: ChangeRecorder) throws
        -> RecordID
    {
        let priority = SupportCase.Priority(rawValue: input["priority"]?.text ?? "normal") ?? .normal
        let policy = try Self.policy(recorder.db, priority)
        let fields = CaseWorkflow.open(input, policy: policy, nowMillis: recorder.nowMillis)
        try recorder.create(.supportCase, id: id, fields)
        return id
    }

    /// One case with contact and assignee names.
    public func supportCase(_ id: RecordID) throws -> SupportCase {
        try read { db in try Self.supportCase(db, id) }
    }

    static func supportCase(_ db: Database, _ id: RecordID) throws -> SupportCase {
        guard
            let row = try Row.fetchOne(db, sql: "\(RecordDecoding.caseSelect) WHERE k.id = ?", arguments: [id.rawValue])
        else { throw StoreError.notFound(kind: .supportCase, handle: id.rawValue) }
        return RecordDecoding.supportCase(row)
    }

    /// The triage queue: live cases in SLA-due order (most urgent first), after `(sla_due, num)`.
    public func cases(_ filter: CaseFilter, after cursor: (due: Int64, num: Int64)? = nil, limit: Int) throws
        -> [SupportCase]
    {
        let now = nowMillis
        let (sql, arguments) = Self.queueQuery(filter, after: cursor, now: now)
        return try read { db in
            guard filter.atRiskOnly else {
                return try Row.fetchAll(db, sql: sql, arguments: arguments + [limit]).map(RecordDecoding.supportCase)
            }
            // At risk needs each case's own window, so filter in Swift over the cases due soonest.
            let horizon = try Self.atRiskHorizon(db, now: now)
            let cursorRows = try Row.fetchCursor(db, sql: sql, arguments: arguments + [Int.max])
            var result: [SupportCase] = []
            while result.count < limit, let row = try cursorRows.next() {
                let item = RecordDecoding.supportCase(row)
                let clock = item.clock(nowMillis: now)
                if clock.overall == .atRisk { result.append(item) }
                if let due = clock.nextDue, due > horizon { break }
            }
            return result
        }
    }

    /// The queue's page query for `filter` after `cursor`, in due order, its LIMIT the last argument left to add.
    static func queueQuery(_ filter: CaseFilter, after cursor: (due: Int64, num: Int64)?, now: Int64)
        -> (String, StatementArguments)
    {
        var (conditions, arguments) = filter.conditions(now: now)
        if let cursor {
            conditions.append("(k.sla_due, k.num) > (?, ?)")
            arguments += [cursor.due, cursor.num]
        }
        let sql =
            "\(RecordDecoding.caseSelect) WHERE \(conditions.joined(separator: " AND ")) ORDER BY k.sla_due, k.num LIMIT ?"
        return (sql, arguments)
    }

    /// Changes a case's status with the SLA rules of `CaseWorkflow` (pending pauses the clock).
    public func setCaseStatus(_ id: RecordID, _ status: SupportCase.Status) throws {
        try write { recorder in try Self.setCaseStatus(id, status, in: recorder) }
    }

    /// `setCaseStatus` inside an open write transaction (one case of a bulk action); true when it changed.
    @discardableResult
    static func setCaseStatus(_ id: RecordID, _ status: SupportCase.Status, in recorder: ChangeRecorder) throws
        -> Bool
    {
        let item = try supportCase(recorder.db, id)
        return try recorder.update(
            .supportCase, id: id, CaseWorkflow.changeStatus(item, to: status, nowMillis: recorder.nowMillis))
    }

    /// Changes a case's priority and recomputes its due times from creation.
    public func setCasePriority(_ id: RecordID, _ priority: SupportCase.Priority) throws {
        try write { recorder in try Self.setCasePriority(id, priority, in: recorder) }
    }

    /// `setCasePriority` inside an open write transaction (one case of a bulk action); true when it changed.
    @discardableResult
    static func setCasePriority(_ id: RecordID, _ priority: SupportCase.Priority, in recorder: ChangeRecorder) throws
        -> Bool
    {
        let item = try supportCase(recorder.db, id)
        let policy = try Self.policy(recorder.db, priority)
        return try recorder.update(
            .supportCase, id: id, CaseWorkflow.changePriority(item, to: priority, policy: policy))
    }

    /// Assigns a case to a user, or unassigns it with nil.
    public func assignCase(_ id: RecordID, to userID: RecordID?) throws {
        try update(.supportCase, id: id, ["assignee_id": userID.map { .text($0.rawValue) } ?? .null])
    }

    /// Records a reply to the customer: an email activity that meets the first-response SLA, and,
    /// when the case's contact has an email address, the mail to send in the outbox (same
    /// transaction; `Store+Outbox`), its Message-ID made with `mailDomain`.
    @discardableResult
    public func replyToCase(_ id: RecordID, text: String, mailDomain: String = "crm.localhost") throws -> RecordID {
        try addCaseActivity(id, kind: .email, text: text) { item, now in
            CaseWorkflow.reply(item, nowMillis: now)
        } after: { recorder, item, activityID, body in
            try Self.enqueueReply(recorder, item, activityID: activityID, body: body, domain: mailDomain)
        }
    }

    /// Records an internal note: visible in the timeline, does not count as a response.
    @discardableResult
    public func noteOnCase(_ id: RecordID, text: String) throws -> RecordID {
        try addCaseActivity(id, kind: .note, text: text) { _, _ in [:] }
    }

    private func addCaseActivity(
        _ id: RecordID, kind: Activity.Kind, text: String,
        rule: (SupportCase, Int64) -> [String: FieldValue],
        after: (ChangeRecorder, SupportCase, RecordID, String) throws -> Void = { _, _, _, _ in }
    ) throws -> RecordID {
        let body = text.trimmed(newlines: true)
        guard !body.isEmpty else { throw StoreError.invalid(.empty(field: "text")) }
        return try write { recorder in
            let item = try Self.supportCase(recorder.db, id)
            let activityID = RecordID.make()
            let subject = (kind == .email ? "Reply: " : "Note: ") + String(body.prefix(60))
            try recorder.create(
                .activity, id: activityID,
                [
                    "kind": .text(kind.rawValue), "subject": .text(subject), "body": .text(body),
                    "case_id": .text(id.rawValue), "contact_id": item.contactID.map { .text($0.rawValue) } ?? .null,
                    "owner_id": try Self.currentUserID(recorder.db).map { .text($0) } ?? .null,
                ])
            try recorder.update(.supportCase, id: id, rule(item, recorder.nowMillis))
            try after(recorder, item, activityID, body)
            return activityID
        }
    }

    /// How far ahead an at-risk case can be due: a whole window of the longest policy after
    /// `now` (at least the 8 days that cover the default policies), in wall-clock time on each
    /// calendar, where nights, weekends and holidays stretch it.
    static func atRiskHorizon(_ db: Database, now: Int64) throws -> Int64 {
        let longest =
            try Int64.fetchOne(
                db,
                sql: "SELECT MAX(MAX(first_response_minutes, resolution_minutes)) FROM sla_policies WHERE deleted = 0"
            ) ?? 0
        let window = max(longest, SLAPolicy.defaults.map(\.resolutionMinutes).max() ?? 0) * 60_000
        var horizon = max(now + 8 * 86_400_000, now + window)
        for row in try Row.fetchAll(
            db, sql: "SELECT time_zone, days, hours, holidays FROM sla_calendars WHERE deleted = 0")
        {
            if let calendar = RecordDecoding.calendar(row) { horizon = max(horizon, calendar.adding(window, to: now)) }
        }
        return horizon
    }

    static func policy(_ db: Database, _ priority: SupportCase.Priority) throws -> SLAPolicy {
        if let row = try Row.fetchOne(
            db,
            sql: """
                SELECT p.first_response_minutes, p.resolution_minutes, cal.id AS calendar_id, cal.time_zone, cal.days,
                    cal.hours, cal.holidays
                FROM sla_policies p LEFT JOIN sla_calendars cal ON cal.id = p.calendar_id AND cal.deleted = 0
                WHERE p.priority = ? AND p.deleted = 0 ORDER BY p.num LIMIT 1
                """,
            arguments: [priority.rawValue])
        {
            let calendar = RecordDecoding.calendar(row)
            return SLAPolicy(
                priority: priority, firstResponseMinutes: row["first_response_minutes"],
                resolutionMinutes: row["resolution_minutes"],
                calendarID: calendar == nil ? nil : RecordDecoding.id(row, "calendar_id"), calendar: calendar)
        }
        guard let fallback = SLAPolicy.defaults.first(where: { $0.priority == priority }) else {
            throw StoreError.conflict("no SLA policy for priority \(priority.rawValue)")
        }
        return fallback
    }
}

extension CaseFilter {
    /// The filter as SQL conditions on the cases table aliased `k`, with their arguments: one
    /// rule for the queue read forward (`cases`) and backward (`caseKeys`).
    func conditions(now: Int64) -> ([String], StatementArguments) {
        var conditions = ["k.deleted = 0"]
        var arguments: StatementArguments = []
        if let statuses {
            // A case with nothing left due sorts last (`sla_due` is Int64.max), so the cases whose
            // clock runs lead the due-order index. A list of several statuses, one of them open,
            // walks that index and filters the status (`+` keeps SQLite from choosing the status
            // index), stopping at its page; by the status index it read every case of each status
            // and sorted them: 200–300 ms for the dashboard's five breached cases at 200,000 cases.
            let walksDueOrder = statuses.count > 1 && statuses.contains { !$0.isResolved }
            let column = walksDueOrder ? "+k.status" : "k.status"
            conditions.append("\(column) IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(statuses.map(\.rawValue))
        }
        if let queue {
            conditions.append("k.queue = ? COLLATE NOCASE")
            arguments += [queue]
        }
        if let assigneeID {
            conditions.append("k.assignee_id = ?")
            arguments += [assigneeID.rawValue]
        }
        if unassigned { conditions.append("k.assignee_id IS NULL") }
        if breachedOnly {
            conditions.append("k.sla_due < ?")
            arguments += [now]
        }
        if let changedAfter {
            conditions.append("k.id IN (SELECT entity_id FROM remote_log WHERE seq > ? AND entity = 'case')")
            arguments += [changedAfter]
        }
        if atRiskOnly {
            // A case past its next due time is breached, not at risk (`atRiskOnly`): start after
            // those instead of reading every breached case first.
            conditions.append("k.sla_due >= ?")
            arguments += [now]
        }
        return (conditions, arguments)
    }
}

extension Store {
    /// The `(sla_due, num)` keys of up to `count` cases matching `filter` just before `cursor`,
    /// nearest first: where the triage queue's previous page starts, found on the same index
    /// read in reverse.
    public func caseKeys(
        _ filter: CaseFilter, before cursor: (due: Int64, num: Int64)?, now: Int64, count: Int
    ) throws -> [(due: Int64, num: Int64)] {
        var (conditions, arguments) = filter.conditions(now: now)
        if let cursor {
            conditions.append("(k.sla_due, k.num) < (?, ?)")
            arguments += [cursor.due, cursor.num]
        }
        let sql = """
            SELECT k.sla_due, k.num, k.created_at, k.first_response_due, k.resolution_due, k.first_response_at,
                k.resolved_at, k.paused_at, cal.time_zone, cal.days, cal.hours, cal.holidays
            FROM cases k LEFT JOIN sla_calendars cal ON cal.id = k.calendar_id AND cal.deleted = 0 WHERE \(conditions.joined(separator: " AND ")) ORDER BY k.sla_due DESC, k.num DESC
            """
        return try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var keys: [(due: Int64, num: Int64)] = []
            while keys.count < count, let row = try rows.next() {
                if filter.atRiskOnly && Self.slaClock(row, now: now).overall != .atRisk { continue }
                keys.append((row["sla_due"] ?? Int64.max, row["num"]))
            }
            return keys
        }
    }

    static func slaClock(_ row: Row, now: Int64) -> SLAClock {
        SLAClock(
            createdAt: row["created_at"] ?? 0, firstResponseDue: row["first_response_due"] ?? 0,
            resolutionDue: row["resolution_due"] ?? 0, firstResponseAt: row["first_response_at"],
            resolvedAt: row["resolved_at"], pausedAt: row["paused_at"], nowMillis: now,
            calendar: RecordDecoding.calendar(row))
    }
}
