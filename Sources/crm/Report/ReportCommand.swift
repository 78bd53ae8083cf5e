// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore

/// `crm report`: the pipeline and SLA analytics of SPEC section 6 as tables or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Pipeline, forecast, win-rate, cycle, funnel, leaderboard, SLA and trend reports.",
        discussion: """
            Periods are calendar days, months or quarters in your time zone (TZ). Amounts are per currency, never
            converted. The formulas are in Docs/ANALYTICS.md.
            """,
        subcommands: [
            ReportPipeline.self, ReportForecast.self, ReportWinRate.self, ReportCycle.self, ReportFunnel.self,
            ReportLeaderboard.self, ReportSLA.self, ReportTrends.self,
        ]
    ).underCRM
}
