// crm — a terminal-first CRM. Licensed under the MIT License.

/// A person the team sells to or supports.
public struct Contact: Hashable, Sendable {
    public var id: RecordID
    /// The local short handle (`#12`), stable on this device, not synced.
    public var num: Int64
    public var name: String
    public var email: String?
    public var phone: String?
    public var title: String?
    public var companyID: RecordID?
    public var companyName: String?
    public var ownerID: RecordID?
    public var tags: [String]
    public var notes: String?
    public var address: String?
    public var externalID: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: RecordID, num: Int64, name: String) {
        self.id = id
        self.num = num
        self.name = name
        tags = []
        createdAt = 0
        updatedAt = 0
    }
}

/// An organisation: the account that contacts work for and deals are sold to.
public struct Company: Hashable, Sendable {
    public var id: RecordID
    public var num: Int64
    public var name: String
    public var domain: String?
    public var phone: String?
    public var industry: String?
    public var address: String?
    public var ownerID: RecordID?
    public var tags: [String]
    public var notes: String?
    public var externalID: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: RecordID, num: Int64, name: String) {
        self.id = id
        self.num = num
        self.name = name
        tags = []
        createdAt = 0
        updatedAt = 0
    }
}

/// A sales opportunity moving through the pipeline.
public struct Deal: Hashable, Sendable {
    public var id: RecordID
    public var num: Int64
    public var title: String
    public var amount: Money
    public var stageID: RecordID
    public var stageName: String
    public var stageKind: StageKind
    /// The deal's own probability if set, else its stage's default.
    public var probability: Int
    public var companyID: RecordID?
    public var companyName: String?
    public var contactID: RecordID?
    public var contactName: String?
    public var ownerID: RecordID?
    public var closeDate: String?
    public var lostReason: String?
    public var closedAt: Int64?
    public var tags: [String]
    public var notes: String?
    public var externalID: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: RecordID, num: Int64, title: String, amount: Money, stageID: RecordID, stageName: String) {
        self.id = id
        self.num = num
        self.title = title
        self.amount = amount
        self.stageID = stageID
        self.stageName = stageName
        stageKind = .open
        probability = 0
        tags = []
        createdAt = 0
        updatedAt = 0
    }
}

/// Whether a stage keeps a deal open or closes it.
public enum StageKind: String, Sendable, Hashable, CaseIterable {
    case open, won, lost
}

/// One column of the pipeline board.
public struct PipelineStage: Hashable, Sendable {
    public var id: RecordID
    public var num: Int64
    public var name: String
    public var position: Int
    /// Default win probability in percent, used for the weighted pipeline.
    public var probability: Int
    public var kind: StageKind

    public init(id: RecordID, num: Int64, name: String, position: Int, probability: Int, kind: StageKind) {
        self.id = id
        self.num = num
        self.name = name
        self.position = position
        self.probability = probability
        self.kind = kind
    }

    /// The stages a new database starts with (SPEC section 2).
    public static let defaults: [(name: String, probability: Int, kind: StageKind)] = [
        ("Lead", 10, .open), ("Qualified", 25, .open), ("Proposal", 50, .open), ("Negotiation", 75, .open),
        ("Won", 100, .won), ("Lost", 0, .lost),
    ]
}

/// One move of a deal from a stage to another: the history behind funnel and cycle metrics.
public struct StageChange: Hashable, Sendable {
    public var id: RecordID
    public var dealID: RecordID
    public var fromStageID: RecordID?
    public var toStageID: RecordID
    public var at: Int64
    /// Who moved the deal.
    public var userID: RecordID?

    public init(
        id: RecordID, dealID: RecordID, fromStageID: RecordID?, toStageID: RecordID, at: Int64, userID: RecordID? = nil
    ) {
        self.id = id
        self.dealID = dealID
        self.fromStageID = fromStageID
        self.toStageID = toStageID
        self.userID = userID
        self.at = at
    }
}

/// A person with a login: the owner of records and the assignee of cases.
public struct User: Hashable, Sendable {
    public var id: RecordID
    public var num: Int64
    public var name: String
    public var email: String?
    public var role: String
    /// False once the team's admin deactivated them: they keep their records, but no new work.
    public var active: Bool

    public init(id: RecordID, num: Int64, name: String, email: String?, role: String, active: Bool = true) {
        self.id = id
        self.num = num
        self.name = name
        self.email = email
        self.role = role
        self.active = active
    }
}
