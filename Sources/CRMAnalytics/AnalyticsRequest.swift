// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// What to compute: the clock, the user's time zone, the stale threshold and an optional window.
///
/// The window limits the "history" metrics (win rate, cycle, velocity's won side, leaderboard
/// wins, funnel cohort, cases created); the open pipeline is always "now". Forecasts are for the
/// calendar month and quarter containing `now` in `timeZone`.
public struct AnalyticsRequest: Hashable, Sendable {
    public var now: Int64
    public var timeZone: TimeZone
    /// An open deal with no activity for this many days is stale.
    public var staleDays: Int
    /// Only deals closed, deals first staged, and cases created in this period; nil for all time.
    public var window: AnalyticsPeriod?

    public init(now: Int64, timeZone: TimeZone = .current, staleDays: Int = 30, window: AnalyticsPeriod? = nil) {
        self.now = now
        self.timeZone = timeZone
        self.staleDays = staleDays
        self.window = window
    }
}
