// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore

/// `crm report winrate`: won against lost, by count and by value, over deals closed in the window.
struct ReportWinRate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winrate",
        abstract: "Win rate by count and by value of deals closed in the period (default: all time).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReportOptions

    func run() throws {
        let store = try global.openStoreForReading()
        let windows = try options.windows(now: store.nowMillis)
        let rates = try store.summaries { reader in
            try windows.map { SalesMetrics.winRate(closed: try reader.closedDeals(in: $0)) }
        }
        if global.json {
            return Output.json(
                ReportFormat.document(zip(windows, rates).map { Self.json($1, window: $0) }, zone: options.zone))
        }
        Output.table(
            ["PERIOD", "WON", "LOST", "BY COUNT", "BY VALUE"],
            zip(windows, rates).map { window, rate in
                let byValue = rate.byValue.keys.sorted().map { "\($0) \(ReportFormat.percent(rate.byValue[$0]))" }
                return [
                    window?.label ?? "all", "\(rate.won)", "\(rate.lost)", ReportFormat.percent(rate.byCount),
                    byValue.isEmpty ? "-" : byValue.joined(separator: ", "),
                ]
            }, maxWidth: 80)
    }

    static func json(_ rate: WinRate, window: AnalyticsPeriod?) -> JSONValue {
        ReportFormat.period(
            window,
            [
                "won": rate.won.jsonValue, "lost": rate.lost.jsonValue, "win_rate": ReportFormat.rate(rate.byCount),
                "won_amounts": ReportFormat.amounts(rate.wonAmounts),
                "lost_amounts": ReportFormat.amounts(rate.lostAmounts),
                "win_rate_by_value": .array(
                    rate.byValue.keys.sorted().map {
                        ["currency": $0.jsonValue, "rate": ReportFormat.rate(rate.byValue[$0])]
                    }),
            ])
    }
}
