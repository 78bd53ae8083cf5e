// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMTUI

/// `crm report trends --chart`: each series as a sparkline with its total, then the weeks'
/// wins as bars, drawn by the dashboard's `Sparkline`.
struct ReportTrendChart {
    let report: TrendReport
    let glyphs: Sparkline.Glyphs
    static let labelWidth = 12
    static let barWidth = 30

    func print() {
        let weeks = report.sales
        if let first = weeks.first, let last = weeks.last {
            Output.line("Sales, last \(weeks.count) weeks (\(first.period.firstDay.text) to \(end(last.period)))")
        }
        row("Won", Sparkline.line(weeks.map(\.wonCount), glyphs: glyphs), "\(weeks.reduce(0) { $0 + $1.wonCount }) won")
        for code in report.wonCurrencies {
            var total = CurrencyAmounts()
            for week in weeks { total.add(week.wonAmounts[code], code) }
            row(
                "Won \(code)", Sparkline.line(weeks.map { $0.wonAmounts[code] }, glyphs: glyphs),
                ReportFormat.cell(total))
        }
        row(
            "New deals", Sparkline.line(weeks.map(\.newDeals), glyphs: glyphs),
            "\(weeks.reduce(0) { $0 + $1.newDeals }) new")
        if let first = report.cases.first, let last = report.cases.last {
            Output.line("\nCases, last \(report.cases.count) days (\(first.period.label) to \(last.period.label))")
        }
        row(
            "Opened", Sparkline.line(report.cases.map(\.opened), glyphs: glyphs),
            "\(report.cases.reduce(0) { $0 + $1.opened })")
        row(
            "Resolved", Sparkline.line(report.cases.map(\.resolved), glyphs: glyphs),
            "\(report.cases.reduce(0) { $0 + $1.resolved })")
        Output.line("\nSLA compliance per week (resolved within the resolution SLA)")
        let latest = report.sla.last { $0.rate != nil }
        row(
            "SLA", Sparkline.line(report.sla.map(\.rate), maximum: 1, glyphs: glyphs),
            latest.map { "\(ReportFormat.percent($0.rate)) in the week of \($0.period.firstDay.text)" }
                ?? "nothing resolved")
        Output.line("\nDeals won per week")
        let most = Double(weeks.map(\.wonCount).max() ?? 0)
        for week in weeks {
            let bar = Sparkline.bar(Double(week.wonCount), of: most, width: Self.barWidth, glyphs: glyphs)
            Output.line("  \(week.period.firstDay.text)  \(pad(bar, Self.barWidth)) \(week.wonCount)")
        }
    }

    private func row(_ label: String, _ chart: String, _ figure: String) {
        Output.line("  \(pad(label, Self.labelWidth))\(chart)  \(figure)")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func end(_ period: AnalyticsPeriod) -> String { ReportFormat.lastDay(period).text }
}
