// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore

/// `crm report cycle`: average days from creation to win, and sales velocity per currency.
struct ReportCycle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle", abstract: "Average sales cycle (created to won, days) and sales velocity per currency.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReportOptions

    func run() throws {
        let store = try global.openStoreForReading()
        let now = store.nowMillis
        let windows = try options.windows(now: now)
        let results = try store.summaries { reader in
            let open = try reader.openDeals(now: now, staleDays: 30)
            return try windows.map { window -> (SalesCycle, [Velocity]) in
                let closed = try reader.closedDeals(in: window)
                return (SalesMetrics.cycle(closed: closed), SalesMetrics.velocity(open: open, closed: closed))
            }
        }
        if global.json {
            return Output.json(
                ReportFormat.document(
                    zip(windows, results).map { Self.json($1.0, $1.1, window: $0) }, zone: options.zone))
        }
        for (index, (window, result)) in zip(windows, results).enumerated() {
            if index > 0 { Output.line("") }
            Output.line(
                "\(ReportFormat.heading(window)): \(result.0.wonDeals) won, average cycle \(ReportFormat.number(result.0.averageDays)) days"
            )
            Output.table(
                ["CURRENCY", "CYCLE DAYS", "OPEN", "AVG WON", "WIN RATE", "VELOCITY/DAY"],
                result.1.map { line in
                    [
                        line.currency, ReportFormat.number(line.cycleDays), "\(line.openDeals)",
                        ReportFormat.amount(Int64(line.averageWon.rounded()), line.currency),
                        ReportFormat.percent(line.winRate),
                        ReportFormat.amount(line.perDay, line.currency),
                    ]
                })
        }
    }

    static func json(_ cycle: SalesCycle, _ velocity: [Velocity], window: AnalyticsPeriod?) -> JSONValue {
        ReportFormat.period(
            window,
            [
                "won_deals": cycle.wonDeals.jsonValue, "average_days": ReportFormat.figure(cycle.averageDays),
                "by_currency": .array(
                    cycle.byCurrency.keys.sorted().map {
                        ["currency": $0.jsonValue, "average_days": ReportFormat.figure(cycle.byCurrency[$0])]
                    }),
                "velocity": .array(
                    velocity.map { line in
                        [
                            "currency": line.currency.jsonValue, "open_deals": line.openDeals.jsonValue,
                            "average_won": ReportFormat.amount(Int64(line.averageWon.rounded()), line.currency)
                                .jsonValue,
                            "win_rate": ReportFormat.rate(line.winRate),
                            "cycle_days": ReportFormat.figure(line.cycleDays),
                            "per_day": ReportFormat.amount(line.perDay, line.currency).jsonValue,
                        ]
                    }),
            ])
    }
}
