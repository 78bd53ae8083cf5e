// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A reply waiting in, or gone from, the outbox.
///
/// States: `queued` → `sending` (recorded just before the message's last line is sent, so the
/// server may have it) → `sent`, or back to `queued` with `lastError` after a temporary failure, or
/// `failed` with `lastError` after a permanent one (a 5xx reply). A `sending` entry found when a
/// sender starts belongs to a sender that died mid-send: it becomes `unknown` and is never sent
/// again by itself (at most once); `crm mail retry` puts it back in the queue after a person has
/// checked that it did not arrive.
public struct OutboxEntry: Sendable, Hashable {
    public enum State: String, Sendable, CaseIterable { case queued, sending, sent, failed, unknown }

    /// The Message-ID (without angle brackets), made and recorded when the reply was written.
    public var messageID: String
    public var caseID: RecordID
    public var caseNumber: Int64
    public var recipient: String
    public var subject: String
    public var body: String
    public var inReplyTo: String?
    /// The thread, oldest first.
    public var references: [String]
    public var state: State
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Int64
    public var updatedAt: Int64
}
