// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One thing that needs the user's attention, with why it is there.
///
/// A notification is derived from the records at a moment, not stored: its `key` names the event
/// (this case breached at this due time, this task overdue at this due time, this assignment,
/// this customer email), so the same event gives the same notification on every read and on
/// every device, and a new event (a new due time, a new assignment) gives a new one. Only the
/// user's read / dismissed / snoozed marks are stored, by `id`, as records of the synced kind
/// `notification_mark`, so the user's devices agree on them.
public struct CRMNotification: Hashable, Sendable {
    /// Why it is there.
    public enum Reason: String, Sendable, CaseIterable {
        case slaBreached = "sla_breached"
        case slaAtRisk = "sla_at_risk"
        case taskOverdue = "task_overdue"
        case taskDue = "task_due"
        case caseAssigned = "case_assigned"
        case customerReply = "customer_reply"
        case dealIdle = "deal_idle"
    }

    /// What the user did with it.
    public enum State: String, Sendable {
        case unread, read, dismissed, snoozed
    }

    public var key: String
    public var reason: Reason
    public var kind: EntityKind
    public var recordID: RecordID
    public var num: Int64
    /// The record's subject.
    public var title: String
    /// The sentence that says why, like "first response overdue by 5 min".
    public var why: String
    /// When the event happened or falls due.
    public var at: Int64
    public var state: State
    /// While `snoozed`, when it comes back (unread).
    public var snoozedUntil: Int64?

    public init(
        key: String, reason: Reason, kind: EntityKind, recordID: RecordID, num: Int64, title: String, why: String,
        at: Int64, state: State = .unread
    ) {
        self.key = key
        self.reason = reason
        self.kind = kind
        self.recordID = recordID
        self.num = num
        self.title = title
        self.why = why
        self.at = at
        self.state = state
    }

    /// A short handle for the command line: 10 hex digits of the key's FNV-1a hash.
    public var id: String { Self.id(of: key) }

    static func id(of key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(10))
    }

    /// How loud: breaches and overdue tasks first.
    public var isAlert: Bool { reason == .slaBreached || reason == .taskOverdue }
}
