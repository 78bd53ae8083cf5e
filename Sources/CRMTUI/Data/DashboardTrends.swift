// crm — a terminal-first CRM. Licensed under the MIT License.

/// The dashboard's trend series, oldest first, the current (partial) week or day last.
///
/// Filled from the analytics snapshot (`TrendReport`), the series `crm report trends` prints.
public struct DashboardTrends: Sendable, Equatable {
    /// One currency's won value per week, minor units.
    public struct WonValue: Sendable, Equatable {
        public var currency: String
        public var minorUnits: [Int64]

        public init(currency: String, minorUnits: [Int64]) {
            self.currency = currency
            self.minorUnits = minorUnits
        }
    }

    /// Deals won per week.
    public var wonCount: [Int]
    /// Value won per week in each currency won, largest total first.
    public var wonValue: [WonValue]
    /// Deals created per week.
    public var newDeals: [Int]
    /// Cases created per day.
    public var casesOpened: [Int]
    /// Cases resolved (solved or closed) per day.
    public var casesResolved: [Int]
    /// Share of the week's resolved cases resolved within SLA; nil in a week with none resolved.
    public var slaRate: [Double?]

    public init(
        wonCount: [Int], wonValue: [WonValue], newDeals: [Int], casesOpened: [Int],
        casesResolved: [Int], slaRate: [Double?]
    ) {
        self.wonCount = wonCount
        self.wonValue = wonValue
        self.newDeals = newDeals
        self.casesOpened = casesOpened
        self.casesResolved = casesResolved
        self.slaRate = slaRate
    }

    /// No series at all (a data source that has no history).
    public static let empty = DashboardTrends(
        wonCount: [], wonValue: [], newDeals: [], casesOpened: [], casesResolved: [], slaRate: [])
}
