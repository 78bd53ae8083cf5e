// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMMail

/// Decides what one received message writes into a tenant's records, from the records the store
/// returned for it (`MailGatewayState`, read as `query` asks), without any I/O: the mail
/// gateway's counterpart of `crm mail import`, built on the same `InboundMailRecords` mapping so a
/// case looks the same whichever took the message in.
///
/// Record ids are derived from the tenant and the Message-ID (`RecordID.stable`), so the same
/// message delivered twice (an MTA retrying after a lost `250`, two MX hosts) is recognised by its
/// activity already in the log and writes nothing.
struct MailGatewayPlanner {
    let tenantID: String
    let state: MailGatewayState
    let nowMillis: Int64

    /// One record write: a create with its fields, or field sets on an existing record.
    struct Write: Hashable, Sendable {
        var kind: EntityKind
        var id: RecordID
        var create: Bool
        var fields: [String: FieldValue]
    }

    /// What a message does.
    enum Decision: Hashable, Sendable {
        /// Written: the writes, in order, and a line for the log.
        case write([Write], summary: String)
        /// Nothing to write, and why (an auto-reply, a repeat, a bounce already recorded).
        case nothing(String)
        /// The message cannot become a case; the reason goes back to the sending server.
        case refused(String)
    }

    /// The namespace of the ids derived from a Message-ID in this tenant.
    func derivedID(_ role: String, _ messageID: String) -> RecordID {
        Self.derivedID(tenantID: tenantID, role, messageID)
    }

    /// `derivedID` before there is a planner: `query` names the records a message may have made.
    static func derivedID(tenantID: String, _ role: String, _ messageID: String) -> RecordID {
        RecordID.stable(namespace: "crm-mail-gateway/\(tenantID)/\(role)", name: messageID)
    }

    /// What the store must read for `decide` to see every record it consults: the contacts of the
    /// sender (or of a bounce's failed addresses), and the activities of the message's own id and
    /// of its thread's ids, by Message-ID and by the ids `answeredCase` tries.
    static func query(
        _ message: MailMessage, raw: [UInt8], envelopeSender: String, tenantID: String, deviceID: String
    ) -> MailRecordsQuery {
        let messageID = message.messageID ?? ContentHash.syntheticMessageID(raw)
        var emails: [String] = []
        switch message.kind {
        case .bounce(let failed): emails = failed
        case .autoReply: break
        case .message: emails = sender(message, envelopeSender: envelopeSender).map { [$0.1.value] } ?? []
        }
        var activityIDs = [derivedID(tenantID: tenantID, "message", messageID).rawValue]
        for threadID in message.threadIDs {
            let local = threadID.split(separator: "@").first.map(String.init) ?? threadID
            activityIDs += [RecordID(local)?.rawValue, derivedID(tenantID: tenantID, "message", threadID).rawValue]
                .compactMap { $0 }
        }
        return MailRecordsQuery(
            tenantID: tenantID, deviceID: deviceID, emails: unique(emails),
            messageIDs: unique([messageID] + message.threadIDs),
            activityIDs: unique(activityIDs))
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// What `message` does; `envelopeSender` (MAIL FROM) stands in for a From without a usable
    /// address, as the sending server vouched for it.
    func decide(_ message: MailMessage, raw: [UInt8], envelopeSender: String = "") -> Decision {
        let messageID = message.messageID ?? ContentHash.syntheticMessageID(raw)
        switch message.kind {
        case .autoReply(let reason): return .nothing("auto-reply ignored (\(reason))")
        case .bounce(let failed): return bounce(failed, subject: message.subject)
        case .message: break
        }
        guard let (from, address) = Self.sender(message, envelopeSender: envelopeSender) else {
            return .refused(
                "no usable sender address in From (\(message.headers["From"] ?? "absent")) nor in MAIL FROM")
        }
        let activityID = derivedID("message", messageID)
        if state.exists(.activity, activityID.rawValue) || !state.activities(messageID: messageID).isEmpty {
            return .nothing("Message-ID <\(messageID)> taken in before")
        }
        var writes: [Write] = []
        let contactID: RecordID
        if let known = state.contacts(email: address.value).first.flatMap(RecordID.init) {
            contactID = known
        } else {
            contactID = derivedID("contact", messageID)
            let name = from.name.map { PrintableText.clean($0, multiline: false) }
            writes.append(
                Write(
                    kind: .contact, id: contactID, create: true,
                    fields: stamped(InboundMailRecords.contact(address: address, name: name))))
        }
        let subject = PrintableText.clean(message.subject, multiline: false)
        let caseID: RecordID
        let summary: String
        if let item = answeredCase(message), InboundMailRecords.answers(item) {
            caseID = item.id
            let reopen = InboundMailRecords.answer(item, nowMillis: nowMillis)
            if !reopen.isEmpty { writes.append(Write(kind: .supportCase, id: item.id, create: false, fields: reopen)) }
            summary = "customer reply on case \(item.id)"
        } else {
            caseID = derivedID("case", messageID)
            let input = InboundMailRecords.newCase(subject: subject, contactID: contactID)
            let fields = CaseWorkflow.open(input, policy: state.policy(.normal), nowMillis: nowMillis)
            writes.append(Write(kind: .supportCase, id: caseID, create: true, fields: fields))
            summary = "new case \(caseID)"
        }
        let text = PrintableText.clean(message.text, multiline: true)
        let activity = InboundMailRecords.message(
            messageID: messageID, subject: subject, text: text, caseID: caseID, contactID: contactID)
        writes.append(Write(kind: .activity, id: activityID, create: true, fields: stamped(activity)))
        return .write(writes, summary: summary)
    }

    /// The sender: From's mailbox when its address is usable, else the envelope sender (with
    /// From's display name).
    private static func sender(_ message: MailMessage, envelopeSender: String) -> (MailAddress, EmailAddress)? {
        if let from = message.from, let address = try? EmailAddress(from.address) { return (from, address) }
        guard let address = try? EmailAddress(envelopeSender) else { return nil }
        return (MailAddress(name: message.from?.name, address: envelopeSender), address)
    }

    /// A create's fields with `created_at`, as a device's store stamps every new record.
    private func stamped(_ fields: [String: FieldValue]) -> [String: FieldValue] {
        var fields = fields
        if fields["created_at"] == nil { fields["created_at"] = .integer(nowMillis) }
        return fields
    }

    /// The live case a message answers: a Message-ID in its thread that names an activity of a
    /// case, either an agent's reply (the outbox's Message-ID is `ACTIVITY-ID@domain`) or a
    /// customer message taken in by the gateway or a device's import (its `message_id`).
    ///
    /// The `[#N]` subject tag is not used here: case numbers are local to each device.
    func answeredCase(_ message: MailMessage) -> SupportCase? {
        for threadID in message.threadIDs.reversed() {
            let local = threadID.split(separator: "@").first.map(String.init) ?? threadID
            let candidates =
                [RecordID(local)?.rawValue, derivedID("message", threadID).rawValue].compactMap { $0 }
                + state.activities(messageID: threadID)
            for activity in candidates {
                if let caseID = state.caseOf(activity: activity), let item = state.supportCase(caseID) { return item }
            }
        }
        return nil
    }

    /// A bounce tags each live contact with a failed address `email-failing` (once).
    private func bounce(_ failed: [String], subject: String) -> Decision {
        var writes: [Write] = []
        for address in failed {
            for contact in state.contacts(email: address) {
                guard let id = RecordID(contact) else { continue }
                var tags: [String] = []
                if case .array(let values) = state.register(.contact, contact, "tags")?.value {
                    tags = values.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
                }
                guard !tags.contains(InboundMailRecords.failingTag) else { continue }
                writes.append(
                    Write(
                        kind: .contact, id: id, create: false,
                        fields: ["tags": .tags(tags + [InboundMailRecords.failingTag])]))
            }
        }
        let reason = PrintableText.clean(subject, multiline: false)
        guard !writes.isEmpty else {
            return .nothing("bounce for \(failed.joined(separator: ", ")) (\(reason)): no contact to mark")
        }
        return .write(writes, summary: "bounce marked \(failed.joined(separator: ", ")) failing (\(reason))")
    }
}
