// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The user's marks on notifications: records of kind `notification_mark`, written through the
/// one write path so they sync to the user's other devices (and only theirs: `MarkOwnership`).
///
/// One record per user and notification, under the id `NotificationMark.recordID` derives from
/// both: two devices marking the same notification write the same record, and the usual
/// per-field last-writer-wins merge settles it. A mark whose notification this device has not
/// computed yet (its case is not at risk here yet, the task has not arrived) is kept and applies
/// when the notification appears, since notifications look their marks up by id on every read.
extension Store {
    /// Marks notifications (by `id`) read, dismissed, snoozed `until` a time, or unread again,
    /// for the current user.
    ///
    /// A dismissed one stays dismissed when marked read or snoozed; `unread` takes any mark
    /// back. Returns how many ids were marked. Throws when no user is set: a mark is a user's.
    @discardableResult
    public func markNotifications(_ ids: [String], _ state: CRMNotification.State, until: Int64? = nil) throws -> Int {
        if state == .snoozed, until == nil {
            throw StoreError.invalid(.empty(field: "until"))
        }
        return try write { recorder in
            guard let user = try Self.currentUserID(recorder.db) else {
                throw StoreError.conflict(
                    "notification marks belong to a user: run crm init --user NAME, or crm sync login")
            }
            for id in ids {
                try Self.mark(recorder, user: user, notification: id, state: state, until: until)
            }
            return ids.count
        }
    }

    /// Writes one mark: a create the first time, else a set of the fields that change.
    static func mark(
        _ recorder: ChangeRecorder, user: String, notification: String, state: CRMNotification.State, until: Int64?
    ) throws {
        let id = NotificationMark.recordID(user: user, notificationID: notification)
        let current = try String.fetchOne(
            recorder.db, sql: "SELECT state FROM notification_marks WHERE id = ?", arguments: [id.rawValue])
        let fields: [String: FieldValue] = [
            "state": .text(state.rawValue),
            "snoozed_until": state == .snoozed ? until.map(FieldValue.integer) ?? .null : .null,
        ]
        guard let current else {
            guard state != .unread else { return }
            try recorder.create(
                .notificationMark, id: id,
                fields.merging(["user_id": .text(user), "notification_id": .text(notification)]) { new, _ in new })
            return
        }
        if current == CRMNotification.State.dismissed.rawValue, state == .read || state == .snoozed { return }
        try recorder.update(.notificationMark, id: id, fields)
    }

    /// The user's marks on the notifications `ids`, by notification id; a mark taken back
    /// (`unread`) is no mark.
    ///
    /// Only the marks of the notifications being shown are read (an index range per id), so a
    /// read stays as cheap after years of marks as on the first day.
    static func notificationMarks(_ db: Database, user: String, ids: [String]) throws
        -> [String: (state: CRMNotification.State, until: Int64?)]
    {
        var marks: [String: (state: CRMNotification.State, until: Int64?)] = [:]
        guard !ids.isEmpty else { return marks }
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT notification_id, state, snoozed_until FROM notification_marks
                    WHERE user_id = ? AND notification_id IN (SELECT value FROM json_each(?))
                        AND deleted = 0 AND state <> 'unread'
                    """), arguments: [user, JSONValue.array(ids.map(JSONValue.string)).jsonText])
        {
            marks[row["notification_id"]] = (
                CRMNotification.State(rawValue: row["state"]) ?? .read, row["snoozed_until"]
            )
        }
        return marks
    }

    /// This device's last local change and the last pulled one: together they move whenever the
    /// data may have changed, for a view that recomputes only then (the TUI's notifications).
    public func changeStamp() throws -> [Int64] {
        try read { db in
            [
                try Int64.fetchOne(db, sql: "SELECT last_device_seq FROM clock WHERE id = 1") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM remote_log") ?? 0,
            ]
        }
    }
}
