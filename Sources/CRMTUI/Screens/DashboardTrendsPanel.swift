// crm — a terminal-first CRM. Licensed under the MIT License.

/// The dashboard's trend rows: a label, a sparkline and a figure, sales on the left and cases
/// on the right.
///
/// ```
///  Sales · 12 weeks                         Cases · 14 days
///  Won        ▁▁▃▁▅▁▁█▃▁▁▃  9 won           Opened   ▃▅▁▂█▃▃▁▂▅▃▁▂▁  31
///  Won USD    ▁▁▄▁▃▁▁█▂▁▁▄  84.2k USD       Resolved ▁▂▃▁▅▁▂▃▁▂▃▁█▂  27
///  New deals  ▃▃▄▂▅▃▄▃█▅▄▂  63 new          SLA/week ▇▇█▆▇█▇▇▆▇▇█  92% last
/// ```
enum DashboardTrendsPanel {
    /// Rows the panel takes: a heading and three series.
    static let height = 4
    static let labelWidth = 11

    @MainActor
    static func draw(_ trends: DashboardTrends, glyphs: Sparkline.Glyphs, on canvas: any Canvas, in rect: Rect) {
        let columns = rect.columns(2, gap: 2)
        let won = trends.wonValue.first
        let sales: [(String, String, String)] = [
            ("Won", Sparkline.line(trends.wonCount, glyphs: glyphs), "\(trends.wonCount.reduce(0, +)) won"),
            (
                "Won \(won?.currency ?? "value")", won.map { Sparkline.line($0.minorUnits, glyphs: glyphs) } ?? "",
                won.map { MoneyAmount(minorUnits: $0.minorUnits.reduce(0, +), currency: $0.currency).compact } ?? "—"
            ),
            ("New deals", Sparkline.line(trends.newDeals, glyphs: glyphs), "\(trends.newDeals.reduce(0, +)) new"),
        ]
        let lastRate = trends.slaRate.last { $0 != nil } ?? nil
        let cases: [(String, String, String)] = [
            (
                "Opened", Sparkline.line(trends.casesOpened, glyphs: glyphs),
                "\(trends.casesOpened.reduce(0, +))"
            ),
            (
                "Resolved", Sparkline.line(trends.casesResolved, glyphs: glyphs),
                "\(trends.casesResolved.reduce(0, +))"
            ),
            (
                "SLA/week", Sparkline.line(trends.slaRate, maximum: 1, glyphs: glyphs),
                lastRate.map { "\(Int(($0 * 100).rounded()))% last" } ?? "—"
            ),
        ]
        section(
            "Sales · \(trends.wonCount.count) weeks", sales, on: canvas,
            in: Rect(x: columns[0].x + 1, y: rect.y, width: columns[0].width - 1, height: rect.height))
        section(
            "Cases · \(trends.casesOpened.count) days", cases, on: canvas,
            in: Rect(x: columns[1].x, y: rect.y, width: columns[1].width, height: rect.height))
    }

    @MainActor
    private static func section(
        _ title: String, _ rows: [(String, String, String)], on canvas: any Canvas, in rect: Rect
    ) {
        canvas.put(title, x: rect.x, y: rect.y, width: rect.width, style: .header)
        for (index, row) in rows.prefix(max(0, rect.height - 1)).enumerated() {
            let y = rect.y + 1 + index
            let chart = row.1.count
            canvas.put(row.0, x: rect.x, y: y, width: labelWidth, style: .dim)
            canvas.put(row.1, x: rect.x + labelWidth, y: y, width: max(0, rect.width - labelWidth), style: .accent)
            let figureX = rect.x + labelWidth + chart + 1
            canvas.put(row.2, x: figureX, y: y, width: max(0, rect.maxX - figureX))
        }
    }
}
