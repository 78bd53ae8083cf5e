// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One row of the open-deal scan: live deals in open stages grouped by stage, currency and owner.
///
/// The metrics are pure functions over these rows; SQLite does the million-row part in one
/// index-ordered pass (conditional sums, no sort, no join), so age bands and the stale cut-off
/// are columns rather than grouping keys.
public struct OpenDealGroup: Hashable, Sendable {
    /// A count of deals and their value, minor units.
    public struct Slice: Hashable, Sendable {
        public var count: Int
        public var amount: Int64

        public init(count: Int, amount: Int64) {
            self.count = count
            self.amount = amount
        }
    }

    public var stageID: String
    public var currency: String
    public var ownerID: String?
    public var count: Int
    /// Σ amount, minor units.
    public var amount: Int64
    /// Σ amount × own probability (percent) over deals that have their own probability.
    public var ownWeightedPercent: Int64
    /// Σ amount of deals without their own probability: weighted by the stage's default.
    public var stageDefaultAmount: Int64
    /// Σ (now − created_at), milliseconds, for the mean age.
    public var ageMillis: Int64
    /// Age bands by whole days since creation: 0–30, 31–60, 61–90, over 90.
    public var bands: [Slice]
    /// Created before the stale cut-off (now − stale days).
    public var old: Slice

    public init(
        stageID: String, currency: String, ownerID: String?, count: Int, amount: Int64, ownWeightedPercent: Int64,
        stageDefaultAmount: Int64, ageMillis: Int64, bands: [Slice], old: Slice
    ) {
        self.stageID = stageID
        self.currency = currency
        self.ownerID = ownerID
        self.count = count
        self.amount = amount
        self.ownWeightedPercent = ownWeightedPercent
        self.stageDefaultAmount = stageDefaultAmount
        self.ageMillis = ageMillis
        self.bands = bands
        self.old = old
    }

    /// Σ amount × probability (percent), with `stageProbability` for deals without their own.
    public func weightedPercent(stageProbability: Int) -> Int64 {
        ownWeightedPercent + stageDefaultAmount * Int64(stageProbability)
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
