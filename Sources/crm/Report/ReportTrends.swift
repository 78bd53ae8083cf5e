// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore
import CRMTUI
import Foundation

/// `crm report trends`: the dashboard's trend series, as tables, sparklines and bars, or JSON.
struct ReportTrends: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Deals won and created per week, cases opened and resolved per day, SLA compliance per week.",
        discussion: """
            The last \(TrendReport.weeks) weeks (Monday to Sunday) and \(TrendReport.days) days in your time zone, the \
            current one last and still filling; the same series the TUI dashboard draws. SLA compliance is the share \
            of the week's resolved cases resolved within their resolution SLA.

            Examples:
              crm report trends --chart
              crm report trends --chart --ascii
              crm report trends --json | jq '.sales[].won'
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Draw sparklines and bars instead of tables.") var chart = false
    @Flag(help: "Draw charts with ASCII characters (default: block characters in a UTF-8 locale).") var ascii = false

    func run() throws {
        let store = try global.openStoreForReading()
        let request = AnalyticsRequest(now: store.nowMillis, timeZone: TimeZone.current)
        let report = try store.summaries { reader in try TrendMetrics.report(reader, request) }
        if global.json { return Output.json(Self.json(report, zone: request.timeZone)) }
        if chart {
            ReportTrendChart(report: report, glyphs: ascii ? .ascii : .detect()).print()
        } else {
            Self.tables(report)
        }
    }

    static func tables(_ report: TrendReport) {
        Output.line("Sales per week")
        Output.table(
            ["WEEK", "WON", "WON VALUE", "NEW DEALS"],
            report.sales.map {
                [$0.period.label, "\($0.wonCount)", ReportFormat.cell($0.wonAmounts), "\($0.newDeals)"]
            }, maxWidth: 60)
        Output.line("\nCases per day")
        Output.table(
            ["DAY", "OPENED", "RESOLVED"], report.cases.map { [$0.period.label, "\($0.opened)", "\($0.resolved)"] })
        Output.line("\nSLA compliance per week (resolved within the resolution SLA)")
        Output.table(
            ["WEEK", "RESOLVED", "MET", "COMPLIANCE"],
            report.sla.map { [$0.period.label, "\($0.resolved)", "\($0.met)", ReportFormat.percent($0.rate)] })
    }

    static func json(_ report: TrendReport, zone: TimeZone) -> JSONValue {
        [
            "time_zone": zone.identifier.jsonValue,
            "sales": .array(
                report.sales.map {
                    [
                        "from": $0.period.firstDay.text.jsonValue,
                        "to": ReportFormat.lastDay($0.period).text.jsonValue, "won": $0.wonCount.jsonValue,
                        "won_amounts": ReportFormat.amounts($0.wonAmounts), "new_deals": $0.newDeals.jsonValue,
                    ]
                }),
            "cases": .array(
                report.cases.map {
                    [
                        "day": $0.period.firstDay.text.jsonValue, "opened": $0.opened.jsonValue,
                        "resolved": $0.resolved.jsonValue,
                    ]
                }),
            "sla": .array(
                report.sla.map {
                    [
                        "from": $0.period.firstDay.text.jsonValue,
                        "to": ReportFormat.lastDay($0.period).text.jsonValue, "resolved": $0.resolved.jsonValue,
                        "met": $0.met.jsonValue, "compliance": ReportFormat.rate($0.rate),
                    ]
                }),
        ]
    }
}
