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

    @Test func emptyDatabase() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .dashboard)
        #expect(harness.text.contains("Win rate           —"))
        #expect(harness.text.contains("None — every open case is within its SLA."))
    }

    @Test func numberKeysOnTheDashboardOpenTheirScreens() {
        let harness = Harness(start: .dashboard)
        harness.press(.char("4"))
        #expect(harness.app.current == .cases)
    }
}
