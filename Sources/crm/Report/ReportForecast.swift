// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore

/// `crm report forecast`: closed won, commit, best case and weighted for months or quarters.
struct ReportForecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Closed won, commit (>= 75%), best case and weighted per month (default) or quarter.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReportOptions

    func run() throws {
        let store = try global.openStoreForReading()
        let periods = try options.calendarPeriods(now: store.nowMillis)
        let forecasts = try store.summaries { reader in try periods.map { try Analytics.forecast(reader, $0) } }
        if global.json {
            return Output.json(ReportFormat.document(forecasts.map(Self.json), zone: options.zone))
        }
        Output.table(
            ["PERIOD", "CLOSED WON", "COMMIT", "BEST CASE", "WEIGHTED"],
            forecasts.map {
                [
                    $0.period.label, ReportFormat.cell($0.closedWon), ReportFormat.cell($0.commit),
                    ReportFormat.cell($0.bestCase),
                    ReportFormat.cell($0.weighted),
                ]
            }, maxWidth: 80)
    }

    static func json(_ forecast: Forecast) -> JSONValue {
        ReportFormat.period(
            forecast.period,
            [
                "won_count": forecast.wonCount.jsonValue, "closed_won": ReportFormat.amounts(forecast.closedWon),
                "commit_count": forecast.commitCount.jsonValue, "commit": ReportFormat.amounts(forecast.commit),
                "best_case_count": forecast.bestCaseCount.jsonValue,
                "best_case": ReportFormat.amounts(forecast.bestCase),
                "weighted": ReportFormat.amounts(forecast.weighted),
            ])
    }
}
