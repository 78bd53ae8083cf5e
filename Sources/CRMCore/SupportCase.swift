// crm — a terminal-first CRM. Licensed under the MIT License.

/// A support case with its SLA clock.
public struct SupportCase: Hashable, Sendable {
    /// How urgent the customer's problem is; sets the SLA policy.
    public enum Priority: String, Sendable, CaseIterable, Comparable {
        case low, normal, high, urgent

        public static func < (lhs: Priority, rhs: Priority) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// Where the case is in its life.
    public enum Status: String, Sendable, CaseIterable {
        case new, open, pending, solved, closed

        /// Solved and closed cases no longer run an SLA clock.
        public var isResolved: Bool { self == .solved || self == .closed }
    }

    public var id: RecordID
    public var num: Int64
    public var subject: String
    public var description: String?
    public var priority: Priority
    public var status: Status
    public var queue: String?
    public var contactID: RecordID?
    public var contactName: String?
    public var companyID: RecordID?
    public var assigneeID: RecordID?
    public var assigneeName: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var firstResponseDue: Int64
    public var resolutionDue: Int64
    public var firstResponseAt: Int64?
    public var resolvedAt: Int64?
    public var pausedAt: Int64?
    public var pausedMillis: Int64
    /// The business-hours calendar its clock runs on (from its policy when opened), nil for 24/7.
    public var calendarID: RecordID?
    public var calendar: BusinessCalendar?

    public init(id: RecordID, num: Int64, subject: String, priority: Priority, status: Status, createdAt: Int64) {
        self.id = id
        self.num = num
        self.subject = subject
        self.priority = priority
        self.status = status
        self.createdAt = createdAt
        updatedAt = createdAt
        firstResponseDue = createdAt
        resolutionDue = createdAt
        pausedMillis = 0
    }

    /// The SLA view of this case at a moment.
    public func clock(nowMillis: Int64) -> SLAClock {
        SLAClock(
            createdAt: createdAt, firstResponseDue: firstResponseDue, resolutionDue: resolutionDue,
            firstResponseAt: firstResponseAt, resolvedAt: resolvedAt, pausedAt: pausedAt, nowMillis: nowMillis,
            calendar: calendar)
    }
}

/// An SLA target pair for one priority: time to first response and to resolution.
public struct SLAPolicy: Hashable, Sendable {
    public var priority: SupportCase.Priority
    public var firstResponseMinutes: Int64
    public var resolutionMinutes: Int64
    /// The business-hours calendar the windows count in; nil counts around the clock.
    public var calendarID: RecordID?
    public var calendar: BusinessCalendar?

    public init(
        priority: SupportCase.Priority, firstResponseMinutes: Int64, resolutionMinutes: Int64,
        calendarID: RecordID? = nil, calendar: BusinessCalendar? = nil
    ) {
        self.priority = priority
        self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes
        self.calendarID = calendarID
        self.calendar = calendar
    }

    /// SPEC section 2: urgent 1 h / 4 h, high 4 h / 1 d, normal 1 d / 3 d, low 2 d / 7 d.
    public static let defaults: [SLAPolicy] = [
        SLAPolicy(priority: .urgent, firstResponseMinutes: 60, resolutionMinutes: 240),
        SLAPolicy(priority: .high, firstResponseMinutes: 240, resolutionMinutes: 1440),
        SLAPolicy(priority: .normal, firstResponseMinutes: 1440, resolutionMinutes: 4320),
        SLAPolicy(priority: .low, firstResponseMinutes: 2880, resolutionMinutes: 10080),
    ]

    /// Due times for a case created at `createdAt` whose resolution clock was paused for
    /// `pausedMillis` (of working time, when there is a calendar).
    public func dueTimes(createdAt: Int64, pausedMillis: Int64) -> (firstResponse: Int64, resolution: Int64) {
        guard let calendar else {
            return (createdAt + firstResponseMinutes * 60_000, createdAt + resolutionMinutes * 60_000 + pausedMillis)
        }
        return (
            calendar.adding(firstResponseMinutes * 60_000, to: createdAt),
            calendar.adding(resolutionMinutes * 60_000 + pausedMillis, to: createdAt)
        )
    }
}
