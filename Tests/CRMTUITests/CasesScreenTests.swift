// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct CasesScreenTests {
    func item(_ subject: String, _ source: InMemoryDataSource) -> InMemoryModel.Case? {
        source.read { $0.cases.values.first { $0.subject == subject } }
    }

    @Test func queueIsOrderedBySLADueAndHidesSolvedCases() {
        let harness = Harness(start: .cases)
        #expect(harness.lines[1].contains("[all open]"))
        #expect(harness.lines[2].hasPrefix("SLA"))
        #expect(harness.lines[3].contains("Printer on fire"))
        #expect(harness.lines[3].hasPrefix("late 1h"))
        #expect(harness.lines[4].contains("Login fails"))
        #expect(harness.lines[5].contains("Invoice question"))
        #expect(!harness.text.contains("Solved already"))
        #expect(harness.canvas.style(x: 0, y: 3) == .selected)
    }

    @Test func slaColoursBreachedRedAndAtRiskYellow() {
        let harness = Harness(start: .cases)
        harness.press(.char("G"))
        #expect(harness.canvas.style(x: 0, y: 3) == .error)
        #expect(harness.canvas.style(x: 0, y: 4) == .warning)
        #expect(harness.canvas.style(x: 0, y: 5) == .selected)
    }

    @Test func filtersCycleThroughMineUnassignedBreachedAndAtRisk() {
        let harness = Harness(start: .cases, width: 200, height: 60)
        harness.press(.char("f"))
        #expect(harness.lines[1].contains("[mine]"))
        #expect(harness.text.contains("Invoice question") && !harness.text.contains("Printer on fire"))
        harness.press(.char("f"))
        #expect(harness.text.contains("Printer on fire") && !harness.text.contains("Invoice question"))
        harness.press(.char("f"))
        #expect(harness.text.contains("Printer on fire") && !harness.text.contains("Login fails"))
        harness.press(.char("f"))
        #expect(harness.text.contains("Login fails") && !harness.text.contains("Printer on fire"))
        harness.press(.char("f"))
        #expect(harness.lines[1].contains("[changed]"))
        #expect(harness.text.contains("Nothing changed by others since you last looked."))
        harness.press(.char("f"))
        #expect(harness.lines[1].contains("[all open]"))
    }

    /// `C`: the cases others changed (pulled by sync) since the user last left that view, solved
    /// ones included; leaving marks them seen, so the next look shows only what came in after.
    @Test func cShowsWhatOthersChangedSinceYouLastLooked() {
        var model = Fixture.model()
        let id = { (subject: String) in model.cases.values.first { $0.subject == subject }?.id ?? RecordID.make() }
        model.remoteChanges = [(4, id("Login fails")), (5, id("Solved already"))]
        let source = InMemoryDataSource(model)
        let harness = Harness(source, start: .cases)
        harness.press(.char("C"))
        #expect(harness.lines[1].contains("[changed]"))
        #expect(harness.text.contains("Login fails") && harness.text.contains("Solved already"))
        #expect(!harness.text.contains("Printer on fire"))
        #expect(harness.statusLine.contains("cases changed by others since you last looked"))
        source.state.withLock { $0.remoteChanges.append((6, id("Printer on fire"))) }  // a sync while looking
        harness.press(.char("C"))
        #expect(harness.lines[1].contains("[all open]"))
        #expect(harness.statusLine.contains("showing all open cases; changes marked seen"))
        #expect(source.read { $0.changesSeen } == 5, "seen up to what was there when the view opened")
        harness.press(.char("C"))
        #expect(harness.text.contains("Printer on fire") && !harness.text.contains("Login fails"))
        harness.press(.char("C"), .char("C"))
        #expect(harness.text.contains("Nothing changed by others since you last looked."))
    }

    @Test func aAssignsTheSelectedCaseToMe() {
        let harness = Harness(start: .cases)
        harness.press(.char("a"))
        #expect(item("Printer on fire", harness.source)?.assigneeID == harness.source.read { $0.me })
        #expect(harness.lines[3].contains("ada"))
        harness.press(.char("a"))
        #expect(harness.statusLine.contains("already assigned to you"))
    }

    @Test func pPicksAPriorityFromAListAndRecomputesTheSLA() {
        let harness = Harness(start: .cases)
        harness.press(.char("j"), .char("j"), .char("p"))
        #expect(harness.text.contains("Priority of Invoice question"))
        harness.press(.down, .enter)
        #expect(item("Invoice question", harness.source)?.priority == "high", "normal was selected; ↓ is high")
        #expect(harness.lines[5].contains("Invoice question"), "4h from creation is still after Login fails")
        harness.press(.char("p"))
        harness.type("URG")
        harness.press(.enter)
        #expect(item("Invoice question", harness.source)?.priority == "urgent", "typing narrows without case")
        #expect(harness.lines[4].contains("Invoice question"), "urgent's 1h due moves it ahead of Login fails")
        #expect(harness.lines[4].hasPrefix("late now"))
        #expect(harness.canvas.style(x: 0, y: 4) == .selected, "the selection moved with the case")
    }

    @Test func sPicksAStatusAndSolvedCasesLeaveTheQueue() {
        let harness = Harness(start: .cases)
        harness.press(.char("s"))
        harness.type("open")
        harness.press(.enter)
        #expect(item("Printer on fire", harness.source)?.status == "open")
        harness.press(.char("s"))
        harness.type("sol")
        harness.press(.enter)
        #expect(item("Printer on fire", harness.source)?.status == "solved")
        #expect(!harness.lines[1..<22].joined().contains("Printer on fire"))
        #expect(harness.statusLine.contains("Printer on fire: status solved"))
        harness.press(.char("p"), .escape)
        #expect(item("Login fails", harness.source)?.priority == "high", "Esc in the list changes nothing")
    }

    @Test func cAddsAnInternalNote() {
        let harness = Harness(start: .cases)
        harness.press(.char("c"))
        #expect(harness.text.contains("Internal note on: Printer on fire"))
        harness.type("Called facilities")
        harness.press(.enter)
        #expect(harness.app.overlay == nil)
        #expect(harness.statusLine.contains("note added"))
        let notes = harness.source.read { $0.activities.values.filter { $0.kind == "note" }.map(\.subject) }
        #expect(notes == ["Called facilities"])
    }

    @Test func emptyFilterExplainsItself() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .cases)
        #expect(harness.text.contains("No all open cases. Press f for another filter"))
        harness.press(.char("a"))
        #expect(harness.statusLine.contains("no cases match the filter"))
    }

    @Test func layoutAt200x60ShowsContactAndQueueAndWideSubjectsKeepColumns() throws {
        var model = Fixture.model()
        let id = Fixture.add(
            &model, case: "プリンターが燃えています 🔥🔥 and the backup printer too, all floors", priority: "high",
            createdHoursAgo: 1, contact: nil)
        model.cases[id]?.assigneeID = model.me
        for (width, height) in [(80, 24), (200, 60)] {
            let harness = Harness(InMemoryDataSource(model), start: .cases, width: width, height: height)
            let layout = TableLayout(CasesScreen.columns, width: width)
            let header = harness.lines[2]
            if width == 200 {
                for title in ["Contact", "Queue"] { #expect(header.contains(title)) }
                #expect(harness.text.contains("Ada Lovelace"))
            }
            let assigneeSlot = try #require(layout.visible.firstIndex(of: 5))
            let row = try #require(harness.lines.first { $0.contains("プリンター") })
            #expect(DisplayWidth.of(row) == width)
            let assignee = Layout.cells(row, from: layout.offsets[assigneeSlot], width: layout.widths[assigneeSlot])
            #expect(assignee.hasPrefix("ada"), "assignee column stays in place: \(row)")
        }
    }
}
