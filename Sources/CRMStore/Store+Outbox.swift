// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

extension Store {
    /// Puts the mail of a reply in the outbox, inside the reply's transaction.
    ///
    /// It goes to the case's contact,
    /// subject `Re: SUBJECT [#N]`, In-Reply-To the customer's latest message on the case and
    /// References every message of the case's thread (taken in here or synced), so the answer
    /// threads back. Its Message-ID is
    /// recorded in `mail_messages` now, before any send, so a customer's answer finds the case.
    static func enqueueReply(
        _ recorder: ChangeRecorder, _ item: SupportCase, activityID: RecordID, body: String, domain: String
    ) throws {
        let db = recorder.db
        guard let contactID = item.contactID,
            let email = try String.fetchOne(
                db, sql: "SELECT email FROM contacts WHERE id = ? AND email IS NOT NULL",
                arguments: [contactID.rawValue])
        else { return }
        // The case's messages recorded here, and the customer messages that came by sync.
        let thread = try Row.fetchAll(
            db,
            sql: """
                SELECT message_id, direction, at FROM mail_messages WHERE case_id = ?
                UNION ALL SELECT message_id, 'in', created_at FROM activities
                WHERE case_id = ? AND message_id IS NOT NULL AND deleted = 0
                    AND message_id NOT IN (SELECT message_id FROM mail_messages)
                ORDER BY at
                """, arguments: [item.id.rawValue, item.id.rawValue])
        let references = thread.map { $0["message_id"] as String }
        let inReplyTo = thread.last { ($0["direction"] as String) == "in" }?["message_id"] as String?
        let messageID = "\(activityID.rawValue)@\(domain)"
        let subject = item.subject.lowercased().hasPrefix("re:") ? item.subject : "Re: \(item.subject)"
        let tagged = subject.contains("[#\(item.num)]") ? subject : "\(subject) [#\(item.num)]"
        try db.execute(
            sql: """
                INSERT INTO mail_outbox (message_id, case_id, activity_id, recipient, subject, body, in_reply_to, refs,
                    state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
                """,
            arguments: [
                messageID, item.id.rawValue, activityID.rawValue, email, tagged, body, inReplyTo,
                references.joined(separator: " "), recorder.nowMillis, recorder.nowMillis,
            ])
        try recordMail(
            db, messageID, direction: "out", outcome: "reply", caseID: item.id, activityID: activityID,
            at: recorder.nowMillis)
    }

    /// The outbox, newest first; only `states` when given.
    public func outbox(states: [OutboxEntry.State]? = nil) throws -> [OutboxEntry] {
        try read { db in
            var sql = "SELECT o.*, c.num FROM mail_outbox o JOIN cases c ON c.id = o.case_id"
            var arguments: StatementArguments = []
            if let states {
                sql += " WHERE o.state IN (\(states.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(states.map(\.rawValue))
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY o.created_at DESC, o.rowid DESC", arguments: arguments)
                .compactMap(Self.outboxEntry)
        }
    }

    /// Turns every `sending` entry into `unknown`.
    ///
    /// A sender died between recording the send and
    /// recording its outcome, so the server may have the message. Returns their Message-IDs.
    @discardableResult
    public func markInterruptedSends() throws -> [String] {
        try write { recorder in
            let db = recorder.db
            let ids = try String.fetchAll(db, sql: "SELECT message_id FROM mail_outbox WHERE state = 'sending'")
            try db.execute(
                sql: """
                    UPDATE mail_outbox SET state = 'unknown', updated_at = ?,
                        last_error = 'the sender stopped after the server may have accepted it; check before retrying'
                    WHERE state = 'sending'
                    """, arguments: [nowMillis])
            return ids
        }
    }

    /// Moves an entry from `from` to `to` (with `error`); false when it was not in `from`, so two
    /// senders never both send one entry.
    @discardableResult
    public func moveOutbox(
        _ messageID: String, from: OutboxEntry.State, to: OutboxEntry.State, error: String? = nil,
        countAttempt: Bool = false
    ) throws -> Bool {
        try write { recorder in
            let db = recorder.db
            try db.execute(
                sql: """
                    UPDATE mail_outbox SET state = ?, last_error = ?, updated_at = ?, attempts = attempts + ?
                    WHERE message_id = ? AND state = ?
                    """, arguments: [to.rawValue, error, nowMillis, countAttempt ? 1 : 0, messageID, from.rawValue])
            return db.changesCount == 1
        }
    }

    private static func outboxEntry(_ row: Row) -> OutboxEntry? {
        guard let caseID = RecordID(row["case_id"] as String), let state = OutboxEntry.State(rawValue: row["state"])
        else { return nil }
        return OutboxEntry(
            messageID: row["message_id"], caseID: caseID, caseNumber: row["num"], recipient: row["recipient"],
            subject: row["subject"], body: row["body"], inReplyTo: row["in_reply_to"],
            references: (row["refs"] as String).split(separator: " ").map(String.init), state: state,
            attempts: row["attempts"], lastError: row["last_error"], createdAt: row["created_at"],
            updatedAt: row["updated_at"])
    }
}
