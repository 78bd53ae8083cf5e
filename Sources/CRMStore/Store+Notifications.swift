// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The notification centre (issue 16): what needs the current user's attention, evaluated from
/// the records at `now`, with the user's read, dismissed and snoozed marks (synced between the
/// user's devices: `Store+NotificationMarks`).
///
/// Rules: SLA at risk and breached on live cases assigned to the user or to nobody (the queue);
/// the user's open tasks overdue or due within a day; live cases assigned to the user by someone
/// else; customer emails on the user's cases; the user's open deals with no edit
/// and no activity for `idleDealDays`. Each source reads at most
/// `perRule` rows, so a read stays bounded on a large database.
extension Store {
    static let perRule = 500
    static let upcomingTaskWindow: Int64 = 86_400_000
    static let replyWindow: Int64 = 30 * 86_400_000
    /// An open deal untouched (no edit, no activity) this long is idle.
    public static let idleDealDays: Int64 = 14

    /// The notifications at `now`, newest first; dismissed and snoozed ones only with
    /// `includeDismissed`.
    public func notifications(now: Int64? = nil, includeDismissed: Bool = false) throws -> [CRMNotification] {
        let now = now ?? nowMillis
        return try read { db in
            let me = try Self.currentUserID(db)
            var all = try Self.slaNotifications(db, me: me, now: now) + Self.taskNotifications(db, me: me, now: now)
            if let me {
                all += try Self.assignmentNotifications(db, me: me)
                all += try Self.replyNotifications(db, me: me, now: now)
                all += try Self.idleDealNotifications(db, me: me, now: now)
            }
            let marks = try Self.notificationMarks(db, user: me ?? "", ids: all.map(\.id))
            var seen: Set<String> = []
            return
                all
                .filter { seen.insert($0.key).inserted }
                .map { item in
                    var item = item
                    let mark = marks[item.id]
                    item.state = mark?.state ?? .unread
                    if item.state == .snoozed {
                        // A snooze that ran out brings the notification back, unread.
                        if let until = mark?.until, until > now {
                            item.snoozedUntil = until
                        } else {
                            item.state = .unread
                        }
                    }
                    return item
                }
                .filter { includeDismissed || ($0.state != .dismissed && $0.state != .snoozed) }
                .sorted { ($0.at, $0.key) > ($1.at, $1.key) }
        }
    }

    /// Breached and at-risk cases of the user and of the queue, with the target that is late.
    static func slaNotifications(_ db: Database, me: String?, now: Int64) throws -> [CRMNotification] {
        let mine = me == nil ? "" : "AND (k.assignee_id = :me OR k.assignee_id IS NULL)"
        let rows = try Row.fetchAll(
            db,
            sql: """
                \(RecordDecoding.caseSelect) WHERE k.deleted = 0 AND k.status IN ('new', 'open', 'pending') \(mine)
                ORDER BY k.sla_due, k.num LIMIT :limit
                """, arguments: ["me": me, "limit": perRule])
        return rows.map(RecordDecoding.supportCase).compactMap { item in
            let clock = item.clock(nowMillis: now)
            let first = item.firstResponseAt == nil
            let target = first && clock.firstResponse != .ok ? "first response" : "resolution"
            let state = first && clock.firstResponse != .ok ? clock.firstResponse : clock.resolution
            let due = target == "first response" ? item.firstResponseDue : clock.effectiveResolutionDue
            let stored = target == "first response" ? item.firstResponseDue : item.resolutionDue
            let whose = item.assigneeID == nil ? " (unassigned)" : ""
            let (reason, why): (CRMNotification.Reason, String)
            switch state {
            case .breached: (reason, why) = (.slaBreached, "\(target) overdue by \(Self.span(now - due))\(whose)")
            case .atRisk:
                (reason, why) = (.slaAtRisk, "\(target) due in \(Self.span(due - now)), under a quarter left\(whose)")
            case .met, .ok: return nil
            }
            return CRMNotification(
                key: "\(reason.rawValue):\(item.id.rawValue):\(target == "first response" ? "fr" : "res"):\(stored)",
                reason: reason, kind: .supportCase, recordID: item.id, num: item.num, title: item.subject, why: why,
                at: due)
        }
    }

    /// The user's open tasks overdue, or due within the next day.
    static func taskNotifications(_ db: Database, me: String?, now: Int64) throws -> [CRMNotification] {
        let mine = me == nil ? "" : "AND owner_id = :me"
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, num, subject, due_at FROM activities
                WHERE deleted = 0 AND kind = 'task' AND (done IS NULL OR done = 0) AND due_at IS NOT NULL
                    AND due_at < :horizon \(mine)
                ORDER BY due_at LIMIT :limit
                """, arguments: ["me": me, "horizon": now + upcomingTaskWindow, "limit": perRule])
        return rows.compactMap { row in
            guard let id = RecordDecoding.id(row, "id"), let due: Int64 = row["due_at"] else { return nil }
            let overdue = due < now
            let reason: CRMNotification.Reason = overdue ? .taskOverdue : .taskDue
            return CRMNotification(
                key: "\(reason.rawValue):\(id.rawValue):\(due)", reason: reason, kind: .activity, recordID: id,
                num: row["num"], title: row["subject"],
                why: overdue ? "task overdue by \(Self.span(now - due))" : "task due in \(Self.span(due - now))",
                at: due)
        }
    }

    /// Live cases assigned to the user by someone else, arrived by sync; one notification per
    /// assignment.
    ///
    /// "Someone else" is the user who wrote the assignment, as the pull that brought it said
    /// (`remote_log`): an assignment the user made on another of their devices tells them
    /// nothing, so both devices list the same notifications. A write whose user this device
    /// does not know (no remote log row) counts as someone else's.
    static func assignmentNotifications(_ db: Database, me: String) throws -> [CRMNotification] {
        let device = try String.fetchOne(db, sql: "SELECT device_id FROM clock WHERE id = 1") ?? ""
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, num, subject, hlc, hlc_device, field_hlc FROM cases
                WHERE deleted = 0 AND assignee_id = ? AND status IN ('new', 'open', 'pending')
                ORDER BY sla_due, num LIMIT ?
                """, arguments: [me, perRule])
        return try rows.compactMap { row in
            guard let id = RecordDecoding.id(row, "id") else { return nil }
            let stamp = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
                .stamp(of: "assignee_id")
            guard stamp.device != device else { return nil }
            let writer = try Row.fetchOne(
                db,
                sql: """
                    SELECT r.user_id, u.name FROM remote_log r LEFT JOIN users u ON u.id = r.user_id
                    WHERE r.entity_id = ? AND r.hlc = ? AND r.device_id = ? LIMIT 1
                    """, arguments: [id.rawValue, stamp.hlc.rawValue, stamp.device])
            guard writer?["user_id"] as String? != me else { return nil }
            let name: String? = writer?["name"]
            return CRMNotification(
                key: "\(CRMNotification.Reason.caseAssigned.rawValue):\(id.rawValue):\(stamp.hlc.rawValue)",
                reason: .caseAssigned, kind: .supportCase, recordID: id, num: row["num"], title: row["subject"],
                why: name.map { "assigned to you by \($0)" } ?? "assigned to you on another device",
                at: stamp.hlc.millis)
        }
    }

    /// Customer emails (taken in by `crm mail import`) on the user's cases after the one that
    /// opened it, from the last 30 days.
    static func replyNotifications(_ db: Database, me: String, now: Int64) throws -> [CRMNotification] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT a.id AS activity_id, a.body, a.created_at AS at, k.id, k.num, k.subject
                FROM cases k JOIN activities a ON a.case_id = k.id
                WHERE k.deleted = 0 AND k.assignee_id = ? AND a.deleted = 0 AND a.kind = 'email'
                    AND a.owner_id IS NULL AND a.subject LIKE 'From customer:%' AND a.created_at > k.created_at
                    AND a.created_at >= ?
                ORDER BY a.created_at DESC LIMIT ?
                """, arguments: [me, now - replyWindow, perRule])
        return rows.compactMap { row in
            guard let id = RecordDecoding.id(row, "id"), let activity: String = row["activity_id"] else { return nil }
            let body = (row["body"] as String? ?? "").split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return CRMNotification(
                key: "\(CRMNotification.Reason.customerReply.rawValue):\(activity)", reason: .customerReply,
                kind: .supportCase, recordID: id, num: row["num"], title: row["subject"],
                why: "the customer replied: \(String(body.prefix(60)))", at: row["at"])
        }
    }

    /// The user's open deals last touched (edited, or an activity logged on them) over
    /// `idleDealDays` ago; one notification per quiet spell, as a touch starts a new one.
    ///
    /// An edit's time is its write stamp (the HLC of the record's newest field), not the row's
    /// `updated_at`, which is when this device applied it: every device then agrees on when a
    /// deal was touched, so the notification has the same key on all of them.
    static func idleDealNotifications(_ db: Database, me: String, now: Int64) throws -> [CRMNotification] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, num, title, touched FROM (
                    SELECT d.id, d.num, d.title, MAX(d.hlc >> 16,
                        COALESCE((SELECT MAX(json_extract(f.value, '$[0]')) FROM json_each(d.field_hlc) f), 0) >> 16,
                        COALESCE(d.last_activity_at, 0))
                        AS touched
                    FROM deals d JOIN stages s ON s.id = d.stage_id
                    WHERE d.deleted = 0 AND s.kind = 'open' AND d.owner_id = ?)
                WHERE touched < ? ORDER BY touched LIMIT ?
                """, arguments: [me, now - idleDealDays * 86_400_000, perRule])
        return rows.compactMap { row in
            guard let id = RecordDecoding.id(row, "id"), let touched: Int64 = row["touched"] else { return nil }
            return CRMNotification(
                key: "\(CRMNotification.Reason.dealIdle.rawValue):\(id.rawValue):\(touched)", reason: .dealIdle,
                kind: .deal, recordID: id, num: row["num"], title: row["title"],
                why: "no edit or activity for \(Self.span(now - touched))", at: touched + idleDealDays * 86_400_000)
        }
    }

    /// A duration for people: "less than a minute", "45 min", "2 h 30 min", "3 d 4 h".
    static func span(_ millis: Int64) -> String {
        let minutes = max(0, millis) / 60_000
        if minutes == 0 { return "less than a minute" }
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 24 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return hours % 24 == 0 ? "\(hours / 24) d" : "\(hours / 24) d \(hours % 24) h"
    }
}
