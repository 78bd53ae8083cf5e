// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Takes in one received message in one transaction through the one write path.
    ///
    /// It becomes a new case
    /// (sender matched to, or created as, a contact; the text its first customer message), or a
    /// customer reply on the case it answers. Re-receiving a Message-ID changes nothing.
    ///
    /// A message answers a case when one of its thread ids is a Message-ID this device recorded on
    /// that case, else when its subject carries the tag of a live case (`[#N]`). A reply on a
    /// pending or solved case reopens it (`CaseWorkflow`: the resolution clock runs again); a reply
    /// to a closed case opens a new one, as a closed case is final.
    public func receiveMail(_ mail: InboundMail) throws -> InboundOutcome {
        try write { recorder in
            let db = recorder.db
            if try Self.mailSeen(db, mail.messageID) { return .duplicate }
            let (contactID, created) = try Self.contact(for: mail, recorder)
            let activityID = RecordID.make()
            let outcome: InboundOutcome
            let item: SupportCase
            if let existing = try Self.caseAnswered(by: mail, db), InboundMailRecords.answers(existing) {
                item = existing
                let reopen = InboundMailRecords.answer(existing, nowMillis: recorder.nowMillis)
                if !reopen.isEmpty { try recorder.update(.supportCase, id: existing.id, reopen) }
                outcome = .answered(caseID: existing.id, caseNumber: existing.num)
            } else {
                let caseID = try Self.openCase(
                    InboundMailRecords.newCase(subject: mail.subject, contactID: contactID), id: .make(), in: recorder)
                item = try Self.supportCase(db, caseID)
                outcome = .openedCase(caseID: caseID, caseNumber: item.num, contactCreated: created)
            }
            try recorder.create(
                .activity, id: activityID,
                InboundMailRecords.message(
                    messageID: mail.messageID, subject: mail.subject, text: mail.text, caseID: item.id,
                    contactID: contactID))
            try Self.recordMail(
                db, mail.messageID, direction: "in", outcome: "case", caseID: item.id, activityID: activityID,
                at: recorder.nowMillis)
            for (position, attachment) in mail.attachments.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO mail_attachments (activity_id, position, case_id, name, content_type, size, sha256, stored)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        activityID.rawValue, position, item.id.rawValue, attachment.name, attachment.contentType,
                        attachment.size, attachment.sha256, attachment.stored,
                    ])
            }
            return outcome
        }
    }

    /// Records a message that opens no case (an auto-reply, or a bounce marking `failing` addresses
    /// as failing with `reason`); false when its Message-ID was recorded before (nothing changes).
    ///
    /// A bounce also tags the contacts with a failed address `email-failing`, a synced change, as
    /// crm-server's mail gateway does, so the whole team sees the address is failing.
    @discardableResult
    public func recordUnansweredMail(messageID: String, outcome: String, failing: [String], reason: String) throws
        -> Bool
    {
        try write { recorder in
            let db = recorder.db
            if try Self.mailSeen(db, messageID) { return false }
            try Self.recordMail(
                db, messageID, direction: "in", outcome: outcome, caseID: nil, activityID: nil, at: recorder.nowMillis)
            for address in failing {
                try db.execute(
                    sql: """
                        INSERT INTO mail_address_status (email, status, reason, message_id, at) VALUES (?, 'failing', ?, ?, ?)
                        ON CONFLICT(email) DO UPDATE SET status = 'failing', reason = excluded.reason,
                            message_id = excluded.message_id, at = excluded.at
                        """, arguments: [address, reason, messageID, recorder.nowMillis])
                try Self.tagFailing(address, recorder)
            }
            return true
        }
    }

    /// Adds the `email-failing` tag to each live contact with `address` that lacks it.
    private static func tagFailing(_ address: String, _ recorder: ChangeRecorder) throws {
        let rows = try Row.fetchAll(
            recorder.db, sql: "SELECT * FROM contacts WHERE email = ? COLLATE NOCASE AND deleted = 0",
            arguments: [address])
        for row in rows {
            guard let id = RecordDecoding.id(row, "id"),
                case .tags(let tags) = ChangeRecorder.values(of: .contact, in: row)["tags"] ?? .tags([]),
                !tags.contains(InboundMailRecords.failingTag)
            else { continue }
            try recorder.update(.contact, id: id, ["tags": .tags(tags + [InboundMailRecords.failingTag])])
        }
    }

    /// Whether this device took in or sent the Message-ID `messageID`.
    public func mailSeen(_ messageID: String) throws -> Bool {
        try read { db in try Self.mailSeen(db, messageID) }
    }

    /// The failing status of `email`, if a bounce marked it.
    public func mailAddressStatus(_ email: String) throws -> MailAddressStatus? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mail_address_status WHERE email = ?", arguments: [email]).map {
                MailAddressStatus(email: $0["email"], status: $0["status"], reason: $0["reason"], at: $0["at"])
            }
        }
    }

    /// The attachments of the messages received on a case, oldest first.
    public func caseAttachments(_ caseID: RecordID) throws -> [MailAttachmentInfo] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM mail_attachments a JOIN mail_messages m ON m.activity_id = a.activity_id
                    WHERE a.case_id = ? ORDER BY m.at, a.activity_id, a.position
                    """, arguments: [caseID.rawValue]
            ).map {
                MailAttachmentInfo(
                    name: $0["name"], contentType: $0["content_type"], size: $0["size"], sha256: $0["sha256"],
                    stored: $0["stored"])
            }
        }
    }

    /// Whether the message was taken in here, or arrived by sync as a customer message (from
    /// crm-server's mail gateway or another device's import).
    static func mailSeen(_ db: Database, _ messageID: String) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM mail_messages WHERE message_id = ?)
                    OR EXISTS (SELECT 1 FROM activities WHERE message_id = ?)
                """, arguments: [messageID, messageID]) ?? false
    }

    static func recordMail(
        _ db: Database, _ messageID: String, direction: String, outcome: String, caseID: RecordID?,
        activityID: RecordID?, at: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO mail_messages (message_id, direction, outcome, case_id, activity_id, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [messageID, direction, outcome, caseID?.rawValue, activityID?.rawValue, at])
    }

    /// The live case `mail` answers: by a recorded Message-ID in its thread, else by its `[#N]` tag.
    static func caseAnswered(by mail: InboundMail, _ db: Database) throws -> SupportCase? {
        for id in mail.threadIDs {
            // A message recorded here, a customer message that came by sync, or a reply sent from
            // another device (its Message-ID is `ACTIVITY-ID@domain`).
            let replyID = id.split(separator: "@").first.flatMap { RecordID(String($0)) }?.rawValue ?? ""
            if let caseID = try String.fetchOne(
                db,
                sql: """
                    SELECT c.id FROM cases c WHERE c.deleted = 0 AND c.id IN (
                        SELECT case_id FROM mail_messages WHERE message_id = ?
                        UNION ALL SELECT case_id FROM activities WHERE (message_id = ? OR id = ?) AND deleted = 0)
                    LIMIT 1
                    """, arguments: [id, id, replyID]),
                let recordID = RecordID(caseID), let item = try? supportCase(db, recordID)
            {
                return item
            }
        }
        guard let number = mail.caseNumber,
            let caseID = try String.fetchOne(
                db, sql: "SELECT id FROM cases WHERE num = ? AND deleted = 0", arguments: [number]),
            let recordID = RecordID(caseID)
        else { return nil }
        return try supportCase(db, recordID)
    }

    /// The contact with the sender's address (the oldest, when several), else a new one.
    private static func contact(for mail: InboundMail, _ recorder: ChangeRecorder) throws -> (RecordID, Bool) {
        if let id = try String.fetchOne(
            recorder.db,
            sql: "SELECT id FROM contacts WHERE email = ? COLLATE NOCASE AND deleted = 0 ORDER BY num LIMIT 1",
            arguments: [mail.fromAddress.value])
        {
            if let recordID = RecordID(id) { return (recordID, false) }
        }
        let id = RecordID.make()
        try recorder.create(
            .contact, id: id, InboundMailRecords.contact(address: mail.fromAddress, name: mail.fromName))
        return (id, true)
    }
}
