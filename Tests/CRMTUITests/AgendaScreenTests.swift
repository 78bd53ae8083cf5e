// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct AgendaScreenTests {
    @Test func sectionsShowOverdueTodayAndUpcoming() {
        for (width, height) in [(80, 24), (200, 60)] {
            let harness = Harness(start: .agenda, width: width, height: height)
            let text = harness.text
            #expect(text.contains("Overdue (1)"))
            #expect(text.contains("Today (1)"))
            #expect(text.contains("Upcoming (1)"))
            #expect(text.contains("Call Ada back"))
            #expect(text.contains("Ada Lovelace"))
            #expect(text.contains("in 2h"))
            #expect(text.contains("2026-11-28 09:00"))
        }
    }

    @Test func xMarksTheSelectedTaskDone() {
        let harness = Harness(start: .agenda)
        harness.press(.char("x"))
        #expect(harness.source.read { $0.activities.values.first { $0.subject == "Call Ada back" }?.done } == true)
        #expect(harness.text.contains("Overdue (0)"))
        #expect(harness.statusLine.contains("done: Call Ada back"))
        harness.press(.char("x"))
        #expect(harness.statusLine.contains("x: no overdue tasks"))
    }

    @Test func tabMovesBetweenSectionsAndEnterOpensTheRelatedRecord() {
        let harness = Harness(start: .agenda)
        harness.press(.tab)
        #expect((harness.app.topScreen as? AgendaScreen)?.selected?.subject == "Send proposal")
        harness.press(.enter)
        #expect(harness.text.contains("DEAL  Acme rollout"))
        harness.press(.escape, .tab)
        harness.press(.enter)
        #expect(harness.statusLine.contains("this task is not linked to a record"))
    }

    @Test func emptyAgenda() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .agenda)
        #expect(harness.text.contains("No open tasks."))
    }
}
