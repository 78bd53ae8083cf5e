// crm — a terminal-first CRM. Licensed under the MIT License.

/// The dashboard's trend series, oldest first, the current (partial) week or day last.
///
/// Filled from the analytics snapshot (`TrendReport`), the series `crm report trends` prints.
public struct DashboardTrends: Sendable, Equatable {
    /// Deals won per week.
    public var wonCount: [Int]
    /// Value won per week in each currency won, largest total first.
    public var wonValue: [(currency: String, minorUnits: [Int64])]
    /// Deals created per week.
    public var newDeals: [Int]
    /// Cases created per day.
    public var casesOpened: [Int]
    /// Cases resolved (solved or closed) per day.
    public var casesResolved: [Int]
    /// Share of the week's resolved cases resolved within SLA; nil in a week with none resolved.
    public var slaRate: [Double?]

    public init(
        wonCount: [Int], wonValue: [(currency: String, minorUnits: [Int64])], newDeals: [Int], casesOpened: [Int],
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

    public static func == (lhs: DashboardTrends, rhs: DashboardTrends) -> Bool {
        lhs.wonCount == rhs.wonCount && lhs.newDeals == rhs.newDeals && lhs.casesOpened == rhs.casesOpened
            && lhs.casesResolved == rhs.casesResolved && lhs.slaRate == rhs.slaRate
            && lhs.wonValue.map(\.currency) == rhs.wonValue.map(\.currency)
            && lhs.wonValue.map(\.minorUnits) == rhs.wonValue.map(\.minorUnits)
    }
}
