// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// One week of the sales trend: deals won in it (by count and value) and deals created in it.
public struct SalesWeek: Hashable, Sendable {
    public var period: AnalyticsPeriod
    public var wonCount: Int
    public var wonAmounts: CurrencyAmounts
    public var newDeals: Int
}

/// One day of the case flow: cases created and cases resolved (solved or closed) that day.
public struct CaseDay: Hashable, Sendable {
    public var period: AnalyticsPeriod
    public var opened: Int
    public var resolved: Int
}

/// One week of SLA compliance: of the cases resolved that week, those resolved in time.
public struct SLAWeek: Hashable, Sendable {
    public var period: AnalyticsPeriod
    public var resolved: Int
    public var met: Int

    /// met / resolved, nil in a week with nothing resolved (drawn as a gap, not as 0%).
    public var rate: Double? { resolved == 0 ? nil : Double(met) / Double(resolved) }
}

/// The series the trend charts draw (`crm report trends`, the dashboard's sparklines), oldest
/// period first, the current (partial) day or week last.
public struct TrendReport: Hashable, Sendable {
    /// Weeks of the sales and SLA series.
    public static let weeks = 12
    /// Days of the case-flow series.
    public static let days = 14

    public var sales: [SalesWeek]
    public var cases: [CaseDay]
    public var sla: [SLAWeek]

    /// The currencies won in the sales weeks, largest total first (ties by code).
    public var wonCurrencies: [String] {
        var totals = CurrencyAmounts()
        for week in sales { totals.add(week.wonAmounts) }
        return totals.codes.sorted { (totals[$1], $0) < (totals[$0], $1) }
    }
}

/// Computes the trend series from the summary reader.
public enum TrendMetrics {
    /// Won and new deals per week over the last `TrendReport.weeks` weeks in the request's time zone.
    public static func sales(_ reader: SummaryReader, _ request: AnalyticsRequest) throws -> [SalesWeek] {
        let weeks = AnalyticsPeriod.lastWeeks(TrendReport.weeks, endingAt: request.now, in: request.timeZone)
        let created = try reader.dealsCreated(in: weeks)
        let won = try reader.wonDeals(in: weeks)
        return weeks.indices.map { index in
            SalesWeek(
                period: weeks[index], wonCount: won[index].reduce(0) { $0 + $1.count },
                wonAmounts: CurrencyAmounts(won[index].map { ($0.currency, $0.amount) }), newDeals: created[index])
        }
    }

    /// Cases opened and resolved per day over the last `TrendReport.days` days.
    public static func cases(_ reader: SummaryReader, _ request: AnalyticsRequest) throws -> [CaseDay] {
        let days = AnalyticsPeriod.lastDays(TrendReport.days, endingAt: request.now, in: request.timeZone)
        let opened = try reader.casesOpened(in: days)
        let resolved = try reader.casesResolved(in: days)
        return days.indices.map { CaseDay(period: days[$0], opened: opened[$0], resolved: resolved[$0].resolved) }
    }

    /// Resolution SLA compliance per week over the last `TrendReport.weeks` weeks.
    public static func sla(_ reader: SummaryReader, _ request: AnalyticsRequest) throws -> [SLAWeek] {
        let weeks = AnalyticsPeriod.lastWeeks(TrendReport.weeks, endingAt: request.now, in: request.timeZone)
        return zip(weeks, try reader.casesResolved(in: weeks)).map {
            SLAWeek(period: $0, resolved: $1.resolved, met: $1.met)
        }
    }

    /// All three series on one read snapshot.
    public static func report(_ reader: SummaryReader, _ request: AnalyticsRequest) throws -> TrendReport {
        TrendReport(
            sales: try sales(reader, request), cases: try cases(reader, request), sla: try sla(reader, request))
    }
}
