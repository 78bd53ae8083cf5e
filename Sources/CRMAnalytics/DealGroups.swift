// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One row of the open-deal scan: live deals in open stages grouped by stage, currency, owner,
/// age bucket and staleness cut-off.
///
/// The metrics are pure functions over these rows; SQLite does the million-row part (GROUP BY).
public struct OpenDealGroup: Hashable, Sendable {
    public var stageID: String
    public var currency: String
    public var ownerID: String?
    /// 0: 0–30 days old, 1: 31–60, 2: 61–90, 3: over 90 (whole days since creation).
    public var ageBucket: Int
    /// Created before the stale cut-off (now − stale days).
    public var old: Bool
    public var count: Int
    /// Σ amount, minor units.
    public var amount: Int64
    /// Σ amount × probability (percent): divide by 100 once, at the end.
    public var weightedPercent: Int64
    /// Σ (now − created_at), milliseconds, for the mean age.
    public var ageMillis: Int64

    public init(
        stageID: String, currency: String, ownerID: String?, ageBucket: Int, old: Bool, count: Int, amount: Int64,
        weightedPercent: Int64, ageMillis: Int64
    ) {
        self.stageID = stageID
        self.currency = currency
        self.ownerID = ownerID
        self.ageBucket = ageBucket
        self.old = old
        self.count = count
        self.amount = amount
        self.weightedPercent = weightedPercent
        self.ageMillis = ageMillis
    }
}

/// One row of the closed-deal scan: won or lost deals grouped by kind, currency and owner.
public struct ClosedDealGroup: Hashable, Sendable {
    public var kind: StageKind
    public var currency: String
    public var ownerID: String?
    public var count: Int
    public var amount: Int64
    /// Σ (closed_at − created_at), milliseconds: the sales cycle numerator.
    public var cycleMillis: Int64

    public init(kind: StageKind, currency: String, ownerID: String?, count: Int, amount: Int64, cycleMillis: Int64) {
        self.kind = kind
        self.currency = currency
        self.ownerID = ownerID
        self.count = count
        self.amount = amount
        self.cycleMillis = cycleMillis
    }
}

/// One row of the forecast scan: open deals expected to close in the period, by currency and
/// whether their probability is at least the commit threshold (75%).
public struct ForecastGroup: Hashable, Sendable {
    public var currency: String
    public var commit: Bool
    public var count: Int
    public var amount: Int64
    public var weightedPercent: Int64

    public init(currency: String, commit: Bool, count: Int, amount: Int64, weightedPercent: Int64) {
        self.currency = currency
        self.commit = commit
        self.count = count
        self.amount = amount
        self.weightedPercent = weightedPercent
    }
}

/// How many live deals got furthest to the stage at `position` (lost excluded), from history.
public struct FunnelReach: Hashable, Sendable {
    public var position: Int
    public var deals: Int

    public init(position: Int, deals: Int) {
        self.position = position
        self.deals = deals
    }
}

/// Open deals created before the stale cut-off that had an activity since, per currency.
public struct TouchedGroup: Hashable, Sendable {
    public var currency: String
    public var count: Int
    public var amount: Int64

    public init(currency: String, count: Int, amount: Int64) {
        self.currency = currency
        self.count = count
        self.amount = amount
    }
}
