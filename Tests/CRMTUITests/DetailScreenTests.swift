// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct DetailScreenTests {
    @Test func fieldsAndTimelineStackAt80AndSitSideBySideAt200() {
        let small = Harness(start: .contacts)
        small.press(.enter)
        let fieldsRow = small.lines.firstIndex { $0.contains("Fields") } ?? -1
        let timelineRow = small.lines.firstIndex { $0.contains("Timeline") } ?? -1
        #expect(fieldsRow < timelineRow)
        #expect(small.text.contains("task      Call Ada back") || small.text.contains("task     Call Ada back"))
        let large = Harness(start: .contacts, width: 200, height: 60)
        large.press(.enter)
        let row = large.lines.first { $0.contains("Fields") } ?? ""
        #expect(row.contains("Timeline"))
    }

    @Test func timelineIsNewestFirstAndANoteAppearsOnTop() throws {
        let harness = Harness(start: .contacts)
        harness.press(.enter, .char("c"))
        harness.type("Met at the conference")
        harness.press(.enter)
        let detail = try #require((harness.app.topScreen as? DetailScreen)?.detail)
        #expect(detail.timeline.first?.text == "Met at the conference")
        #expect(detail.timeline.first?.kind == "note")
        let noteRow = harness.lines.firstIndex { $0.contains("Met at the conference") } ?? 99
        let taskRow = harness.lines.lastIndex { $0.contains("Call Ada back") } ?? -1
        #expect(noteRow < taskRow)
    }

    @Test func tabSwitchesPanesAndJScrollsTheFocusedOne() throws {
        let harness = Harness(start: .contacts)
        harness.press(.enter)
        let screen = try #require(harness.app.topScreen as? DetailScreen)
        harness.press(.char("j"))
        #expect(screen.fieldScroll == 1)
        harness.press(.tab, .char("j"))
        #expect(screen.pane == .timeline)
        #expect(screen.fieldScroll == 1)
    }

    @Test func editFromDetailReturnsToTheUpdatedDetail() {
        let harness = Harness(start: .contacts)
        harness.press(.enter, .char("e"), .tab, .tab, .tab, .ctrl("u"))
        harness.type("Countess")
        harness.press(.enter)
        #expect(harness.app.topScreen is DetailScreen)
        #expect(harness.text.contains("Countess"))
    }

    @Test func missingRecordSaysSo() {
        let harness = Harness(start: .contacts)
        var generator = SplitMix(seed: 99)
        let ghost = RecordRef(.contact, RecordID.make(millis: 1, using: &generator))
        harness.app.apply(.push(DetailScreen(ref: ghost, context: harness.app.context)))
        harness.render()
        #expect(harness.text.contains("Could not load this contact: no contact"))
        harness.press(.char("e"))
        #expect(harness.statusLine.contains("e: the record could not be loaded"))
    }
}
