// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct DashboardScreenTests {
    @Test func figuresArriveFromTheBackgroundWithoutBlocking() {
        let runner = ManualRunner()
        let harness = Harness(start: .dashboard, runner: runner)
        #expect(harness.text.contains("Loading figures…"))
        while runner.pending > 0 { runner.runJob(0) }
        harness.render()
        #expect(!harness.text.contains("Loading figures…"))
        #expect(harness.text.contains("Pipeline by stage"))
    }

    @Test func layoutAt80x24() {
        let harness = Harness(start: .dashboard)
        let text = harness.text
        #expect(text.contains("Pipeline by stage"))
        #expect(text.contains("Open pipeline      40,000.00 EUR · 12,…"), "per currency, truncated to the column")
        #expect(text.contains("Win rate           50%"))
        #expect(text.contains("My tasks today     1"))
        #expect(text.contains("Overdue tasks      1"))
        #expect(text.contains("Sync               offline"))
        #expect(text.contains("Cases near or past SLA"))
        #expect(text.contains("Printer on fire"))
        #expect(text.contains("Login fails"))
        #expect(text.contains("█"))
    }

    @Test func layoutAt200x60ShowsWeightedForecast() {
        let harness = Harness(start: .dashboard, width: 200, height: 60)
        #expect(harness.text.contains("Weighted forecast  20,000.00 EUR · 1,200.05 USD"))
    }

    @Test func anEmptyDatabaseTeachesInsteadOfShowingZeros() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .dashboard)
        let text = harness.text
        #expect(text.contains("Welcome to crm. This database has no records yet."))
        #expect(text.contains("   n                     add your first contact"))
        #expect(text.contains("crm demo              in a shell: fill this database with sample data"))
        #expect(!text.contains("Win rate"), "no screen of zeros")
        #expect(!text.contains("crm init --user NAME"), "a user is set")
        #expect(harness.lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        #expect(harness.text.contains("n add a contact"), "the hint bar says it too")
        harness.press(.char("n"))
        #expect(harness.text.contains("New contact"))
    }

    @Test func withoutAUserTheWelcomeSaysHowToSetOne() {
        #expect(DashboardWelcome.lines(hasUser: false).contains { $0.key == "crm init --user NAME" })
        #expect(!DashboardWelcome.lines(hasUser: true).contains { $0.key == "crm init --user NAME" })
    }

    @Test func withRecordsTheDashboardHasNoWelcome() {
        #expect(!Harness(start: .dashboard).text.contains("Welcome to crm"))
    }

    static let trends = DashboardTrends(
        wonCount: [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 2, 8],
        wonValue: [.init(currency: "USD", minorUnits: Array(repeating: 150_000, count: 12))],
        newDeals: Array(repeating: 3, count: 12), casesOpened: [0, 0, 1, 4, 2, 0, 0, 0, 0, 0, 0, 0, 1, 8],
        casesResolved: Array(repeating: 0, count: 14), slaRate: Array(repeating: nil, count: 10) + [1.0, 0.5])

    static func withTrends() -> InMemoryDataSource {
        var model = Fixture.model()
        model.trends = trends
        return InMemoryDataSource(model)
    }

    @Test func trendSparklinesAt80x24() {
        let harness = Harness(Self.withTrends(), start: .dashboard)
        let lines = harness.lines
        #expect(lines.contains { $0.contains("Sales · 12 weeks") && $0.contains("Cases · 14 days") })
        #expect(lines.contains { $0.contains(" Won        ▁▂▃▄▅▆▇██▁▃█ 46 won") })
        #expect(lines.contains { $0.contains(" Won USD    ████████████ 18.0k USD") })
        #expect(lines.contains { $0.contains("Opened     ▁▁▂▅▃▁▁▁▁▁▁▁▂█ 16") })
        #expect(lines.contains { $0.contains("Resolved   ▁▁▁▁▁▁▁▁▁▁▁▁▁▁ 0") })
        #expect(
            lines.contains { $0.contains("SLA/week             █▅ 50% last") }, "weeks with nothing resolved are gaps")
        #expect(harness.text.contains("Cases near or past SLA"), "the urgent cases keep their place below")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func trendsInASCII() {
        let harness = Harness(Self.withTrends(), start: .dashboard)
        harness.app.context.glyphs = .ascii
        harness.render()
        #expect(harness.lines.contains { $0.contains(" Won        _.,:-=+##_,# 46 won") })
        #expect(!harness.text.contains("█"), "the stage bars too")
        #expect(harness.text.contains("#"))
    }

    @Test func numberKeysOnTheDashboardOpenTheirScreens() {
        let harness = Harness(start: .dashboard)
        harness.press(.char("4"))
        #expect(harness.app.current == .cases)
    }
}
