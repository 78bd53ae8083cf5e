// crm — a terminal-first CRM. Licensed under the MIT License.

/// The overview: pipeline bars, forecast, win rate, my tasks, trend sparklines, urgent cases and
/// sync state.
///
/// Figures are computed in the background; the screen shows "loading" until they arrive and
/// never blocks a keystroke on them.
@MainActor
public final class DashboardScreen: Screen {
    public private(set) var summary: DashboardSummary?
    public private(set) var loading = false
    public private(set) var loadError: String?
    private let context: AppContext

    public init(context: AppContext) {
        self.context = context
    }

    public var title: String { "Dashboard" }

    public func reload() {
        loading = true
        let source = context.source
        let now = context.now
        context.background({ Result { try source.dashboard(now: now) }.mapError { LoadFailure(message: "\($0)") } }) {
            [weak self] result in
            self?.loading = false
            switch result {
            case .success(let summary):
                self?.summary = summary
                self?.loadError = nil
            case .failure(let problem):
                self?.loadError = problem.message
            }
        }
    }

    public func bindings() -> [KeyBinding] {
        [
            KeyBinding(
                keys: [.char("n")], description: "add a contact", showInHintBar: summary?.isEmptyDatabase == true
            ) {
                [context] in .push(FormScreen(creating: .contact, context: context))
            },
            KeyBinding(keys: [.char("3")], description: "open the pipeline board", showInHintBar: true) {
                .show(.pipeline)
            },
            KeyBinding(keys: [.char("4")], description: "open the case queue", showInHintBar: true) { .show(.cases) },
            KeyBinding(keys: [.char("6")], description: "open the agenda", showInHintBar: true) { .show(.agenda) },
        ]
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        if let loadError {
            return canvas.put(
                "Could not compute the dashboard: \(loadError)", x: rect.x + 1, y: rect.y + 1, width: rect.width - 2,
                style: .error)
        }
        guard let summary else { return EmptyState.draw("Loading figures…", on: canvas, in: rect) }
        if summary.isEmptyDatabase {
            return DashboardWelcome.draw(hasUser: context.session.userID != nil, on: canvas, in: rect)
        }
        let columns = rect.columns(2, gap: 2)
        let top = min(rect.height / 2, max(summary.stages.count, 6) + 1)
        drawStages(summary, on: canvas, in: Rect(x: columns[0].x, y: rect.y, width: columns[0].width, height: top))
        drawFigures(summary, on: canvas, in: Rect(x: columns[1].x, y: rect.y, width: columns[1].width, height: top))
        var below = rect.y + top + 1
        if rect.height - top - 1 >= DashboardTrendsPanel.height + 3 {
            DashboardTrendsPanel.draw(
                summary.trends, glyphs: context.glyphs, on: canvas,
                in: Rect(x: rect.x, y: below, width: rect.width, height: DashboardTrendsPanel.height))
            below += DashboardTrendsPanel.height + 1
        }
        drawCases(
            summary, on: canvas, in: Rect(x: rect.x, y: below, width: rect.width, height: rect.maxY - below))
    }

    private func drawStages(_ summary: DashboardSummary, on canvas: any Canvas, in rect: Rect) {
        canvas.put("Pipeline by stage", x: rect.x + 1, y: rect.y, width: rect.width - 1, style: .header)
        let most = Double(max(1, summary.stages.map(\.dealCount).max() ?? 1))
        let barWidth = max(4, rect.width - 28)
        for (index, stage) in summary.stages.prefix(rect.height - 1).enumerated() {
            let y = rect.y + 1 + index
            let bar = Sparkline.bar(Double(stage.dealCount), of: most, width: barWidth, glyphs: context.glyphs)
            canvas.put(stage.name, x: rect.x + 1, y: y, width: 12)
            canvas.put(String(stage.dealCount), x: rect.x + 13, y: y, width: 6, style: .dim, alignRight: true)
            let style: TextStyle = stage.kind == .won ? .good : (stage.kind == .lost ? .error : .accent)
            canvas.put(bar, x: rect.x + 20, y: y, style: style)
        }
    }

    private func drawFigures(_ summary: DashboardSummary, on canvas: any Canvas, in rect: Rect) {
        let winRate = summary.winRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
        let rows: [(String, String, TextStyle)] = [
            ("Open pipeline", Presentation.totals(summary.openTotals, compact: false), .normal),
            ("Weighted forecast", Presentation.totals(summary.weightedTotals, compact: false), .normal),
            ("Win rate", winRate, .normal),
            ("My tasks today", String(summary.tasksToday), .normal),
            ("Overdue tasks", String(summary.tasksOverdue), summary.tasksOverdue > 0 ? .error : .normal),
            ("Sync", context.session.syncState, .dim),
        ]
        canvas.put("Forecast and work", x: rect.x, y: rect.y, width: rect.width, style: .header)
        for (index, row) in rows.prefix(rect.height - 1).enumerated() {
            canvas.put(row.0, x: rect.x, y: rect.y + 1 + index, width: 18, style: .dim)
            canvas.put(row.1, x: rect.x + 19, y: rect.y + 1 + index, width: rect.width - 19, style: row.2)
        }
    }

    private func drawCases(_ summary: DashboardSummary, on canvas: any Canvas, in rect: Rect) {
        canvas.put("Cases near or past SLA", x: rect.x + 1, y: rect.y, width: rect.width - 2, style: .header)
        guard !summary.urgentCases.isEmpty else {
            return canvas.put(
                "None — every open case is within its SLA.", x: rect.x + 1, y: rect.y + 1, width: rect.width - 2,
                style: .good)
        }
        let layout = TableLayout(Array(CasesScreen.columns.prefix(4)), width: rect.width - 2)
        for (index, row) in summary.urgentCases.prefix(rect.height - 1).enumerated() {
            let (due, style) = Presentation.sla(row, now: context.now)
            layout.draw(
                [due, row.priority, row.status, row.subject], on: canvas, x: rect.x + 1, y: rect.y + 1 + index,
                styles: [style, Presentation.priorityStyle(row.priority), nil, nil])
        }
    }
}
