// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI

/// The records of the in-memory data source: a small but complete CRM model.
struct InMemoryModel {
    struct Contact {
        var id: RecordID
        var name: String
        var email = ""
        var phone = ""
        var title = ""
        var companyID: RecordID?
    }

    struct Company {
        var id: RecordID
        var name: String
        var domain = ""
        var industry = ""
        var phone = ""
    }

    struct Stage {
        var id: RecordID
        var name: String
        var kind: StageSummary.Kind
        var probability: Int
    }

    struct Deal {
        var id: RecordID
        var title: String
        var amount: Int64
        var currency = "USD"
        var stageID: RecordID
        var companyID: RecordID?
        var contactID: RecordID?
        var closeDate = ""
        var lostReason: String?
    }

    struct Case {
        var id: RecordID
        var subject: String
        var priority = "normal"
        var status = "new"
        var queue = ""
        var contactID: RecordID?
        var assigneeID: RecordID?
        var createdAt: Int64
        var firstResponseAt: Int64?
    }

    struct Activity {
        var id: RecordID
        var kind: String
        var subject: String
        var dueAt: Int64?
        var done = false
        var about: RecordRef?
        var createdAt: Int64
    }

    struct Event {
        var ref: RecordRef
        var at: Int64
        var kind: String
        var text: String
    }

    /// A deleted record, kept whole so it can be restored.
    enum Trashed {
        case contact(Contact)
        case company(Company)
        case deal(Deal)
        case supportCase(Case)
    }

    var now: Int64
    var me: RecordID
    /// Whether `me` is set up yet: false is a first run, where `session` has no user until the
    /// first-run form names one.
    var hasUser = true
    var userEmail: String?
    /// Deleted records, oldest first.
    var trash: [(at: Int64, record: Trashed)] = []
    var users: [RecordID: String] = [:]
    var contacts: [RecordID: Contact] = [:]
    var companies: [RecordID: Company] = [:]
    var stages: [Stage] = []
    var deals: [RecordID: Deal] = [:]
    var cases: [RecordID: Case] = [:]
    var activities: [RecordID: Activity] = [:]
    /// The dashboard's trend series, as a test sets them (the store computes them from history).
    var trends = DashboardTrends.empty
    /// Changes to cases that came in by sync, in server order, and how far the user has seen them.
    var remoteChanges: [(seq: Int64, caseID: RecordID)] = []
    var changesSeen: Int64 = 0
    var events: [Event] = []
    /// The user's notification marks by id: true when dismissed, false when read.
    var notificationMarks: [String: Bool] = [:]
    /// Snoozed notifications by id, and when they come back.
    var notificationSnoozes: [String: Int64] = [:]
    /// Each record's local number, like the store's `num` column.
    var nums: [RecordID: Int64] = [:]
    private var sequence: UInt64 = 0

    init(now: Int64, userName: String) {
        self.now = now
        var generator = SplitMix(seed: 7)
        me = RecordID.make(millis: UInt64(now), using: &generator)
        users[me] = userName
        sequence = 100
    }

    /// A fresh, deterministic id with the next local number.
    mutating func newID() -> RecordID {
        sequence += 1
        var generator = SplitMix(seed: sequence)
        let id = RecordID.make(millis: UInt64(now) + sequence, using: &generator)
        nums[id] = Int64(sequence)
        return id
    }

    func num(_ id: RecordID) -> Int64 { nums[id] ?? 0 }

    /// The SLA minutes (first response, resolution) of a priority, SPEC section 2 defaults.
    static func sla(_ priority: String) -> (Int64, Int64) {
        switch priority {
        case "urgent": (60, 240)
        case "high": (240, 1440)
        case "low": (2880, 10080)
        default: (1440, 4320)
        }
    }

    func slaDue(_ item: Case) -> Int64? {
        guard !["solved", "closed"].contains(item.status) else { return nil }
        let (first, resolution) = Self.sla(item.priority)
        return item.createdAt + (item.firstResponseAt == nil ? first : resolution) * 60_000
    }

    func row(_ item: Case) -> CaseRow {
        CaseRow(
            id: item.id, num: num(item.id), subject: item.subject, priority: item.priority, status: item.status,
            queue: item.queue,
            contact: item.contactID.flatMap { contacts[$0]?.name } ?? "", assigneeID: item.assigneeID,
            assignee: item.assigneeID.flatMap { users[$0] } ?? "", slaDue: slaDue(item), createdAt: item.createdAt)
    }

    func row(_ contact: Contact) -> ContactRow {
        ContactRow(
            id: contact.id, num: num(contact.id), name: contact.name, email: contact.email, phone: contact.phone,
            company: contact.companyID.flatMap { companies[$0]?.name } ?? "", title: contact.title)
    }

    func card(_ deal: Deal) -> DealCard {
        DealCard(
            id: deal.id, num: num(deal.id), title: deal.title,
            amount: MoneyAmount(minorUnits: deal.amount, currency: deal.currency),
            company: deal.companyID.flatMap { companies[$0]?.name } ?? "", closeDate: deal.closeDate)
    }

    mutating func log(_ ref: RecordRef, _ kind: String, _ text: String) {
        events.append(Event(ref: ref, at: now, kind: kind, text: text))
    }
}

/// A tiny deterministic random source for ids.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Keyset paging over rows already in key order: the contract every data source must meet.
func keysetPage<Row: PagedRow>(_ rows: [Row], _ request: PageRequest<Row.Key>, less: (Row.Key, Row.Key) -> Bool)
    -> [Row]
{
    let sorted = rows.sorted { less($0.pageKey, $1.pageKey) }
    switch request.direction {
    case .forward:
        let after = request.anchor.map { anchor in sorted.filter { less(anchor, $0.pageKey) } } ?? sorted
        return Array(after.prefix(request.limit))
    case .backward:
        let before = request.anchor.map { anchor in sorted.filter { less($0.pageKey, anchor) } } ?? sorted
        return Array(before.suffix(request.limit))
    }
}

/// List order of names, as the store's: the folded name (case and accents ignored), then the number.
func nameOrder(_ lhs: NameKey, _ rhs: NameKey) -> Bool {
    (TextKey.fold(lhs.name), lhs.num) < (TextKey.fold(rhs.name), rhs.num)
}

/// List order of the queue: by due time, then local number.
func dueOrder(_ lhs: DueKey, _ rhs: DueKey) -> Bool { (lhs.due, lhs.num) < (rhs.due, rhs.num) }

/// List order of the board: newest first.
func newestFirst(_ lhs: SequenceKey, _ rhs: SequenceKey) -> Bool { lhs.num > rhs.num }
