// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore
import Foundation

/// `crm report leaderboard`: owners by deals won in the window, with their open pipeline.
struct ReportLeaderboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard",
        abstract: "Owners by deals won (closed in the period), with win rate and open pipeline.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReportOptions

    func run() throws {
        let store = try global.openStoreForReading()
        let now = store.nowMillis
        let windows = try options.windows(now: now)
        let boards = try store.summaries { reader in
            let open = try reader.openDeals(now: now, staleDays: 30)
            let names = try reader.userNames()
            return try windows.map {
                PipelineMetrics.leaderboard(open: open, closed: try reader.closedDeals(in: $0), names: names)
            }
        }
        if global.json {
            return Output.json(
                ReportFormat.document(zip(windows, boards).map { Self.json($1, window: $0) }, zone: options.zone))
        }
        for (index, (window, board)) in zip(windows, boards).enumerated() {
            if index > 0 { Output.line("") }
            Output.line(ReportFormat.heading(window))
            if board.isEmpty { Output.line("No deals.") }
            Output.table(
                ["OWNER", "WON", "LOST", "WIN RATE", "WON VALUE", "OPEN", "OPEN VALUE"],
                board.map {
                    [
                        $0.name, "\($0.won)", "\($0.lost)", ReportFormat.percent($0.winRate),
                        ReportFormat.cell($0.wonAmounts),
                        "\($0.openCount)", ReportFormat.cell($0.openAmounts),
                    ]
                }, maxWidth: 60)
        }
    }

    static func json(_ board: [LeaderboardEntry], window: AnalyticsPeriod?) -> JSONValue {
        ReportFormat.period(
            window,
            [
                "owners": .array(
                    board.map { line in
                        [
                            "owner_id": line.ownerID.jsonValue, "name": line.name.jsonValue,
                            "won": line.won.jsonValue, "lost": line.lost.jsonValue,
                            "win_rate": ReportFormat.rate(line.winRate),
                            "won_amounts": ReportFormat.amounts(line.wonAmounts),
                            "open_count": line.openCount.jsonValue,
                            "open_amounts": ReportFormat.amounts(line.openAmounts),
                        ]
                    })
            ])
    }
}
