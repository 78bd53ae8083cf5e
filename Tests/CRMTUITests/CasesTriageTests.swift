// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// Triage that follows the case, and bulk actions over marked cases (issue 20).
@MainActor
@Suite struct CasesTriageTests {
    /// The fixture plus `count` normal cases created an hour ago, which sort below the urgent one.
    func crowded(_ count: Int) -> (InMemoryDataSource, RecordID) {
        var model = Fixture.model()
        for index in 1...count {
            _ = Fixture.add(&model, case: "Queue filler \(index)", priority: "normal", createdHoursAgo: 1, contact: nil)
        }
        let bo = model.newID()
        model.users[bo] = "Bo Colleague"
        return (InMemoryDataSource(model), bo)
    }

    func selectedLine(_ harness: Harness) -> String? {
        harness.lines.indices.first { harness.canvas.style(x: 0, y: $0) == .selected }.map { harness.lines[$0] }
    }

    func cases(_ harness: Harness, where body: (InMemoryModel.Case) -> Bool) -> Int {
        harness.source.read { $0.cases.values.filter(body).count }
    }

    @Test func priorityThenStatusBothLandOnTheSameCaseWhenItSortsOffTheScreen() throws {
        let (source, _) = crowded(40)
        let harness = Harness(source, start: .cases)
        #expect(selectedLine(harness)?.contains("Printer on fire") == true)
        harness.press(.char("p"))
        harness.type("low")
        harness.press(.enter)
        #expect(selectedLine(harness)?.contains("Printer on fire") == true, "the selection followed the case down")
        #expect(!harness.lines[3].contains("Printer on fire"), "it no longer heads the queue")
        harness.press(.char("s"))
        harness.type("pending")
        harness.press(.enter)
        let printer = source.read { $0.cases.values.first { $0.subject == "Printer on fire" } }
        #expect(printer?.priority == "low" && printer?.status == "pending")
        #expect(cases(harness) { $0.status == "pending" } == 1, "no other case changed status")
    }

    @Test func spaceMarksRowsAndABulkAssignAsksThenChangesAllInOneUndo() throws {
        let (source, bo) = crowded(5)
        let harness = Harness(source, start: .cases)
        harness.press(.char(" "), .char(" "), .char(" "))
        #expect(harness.lines[1].contains("3 cases marked"))
        #expect(harness.lines[3].hasPrefix("● "), "marked rows carry a marker")
        harness.press(.char("A"))
        harness.type("bo")
        harness.press(.enter)
        #expect(harness.text.contains("Assign to Bo Colleague: 3 cases?"))
        harness.press(.char("y"))
        #expect(harness.statusLine.contains("3 cases changed in one step"))
        #expect(cases(harness) { $0.assigneeID == bo } == 3)
        #expect(!harness.lines[1].contains("marked"), "the marks are cleared after the action")
        harness.press(.char("u"))
        #expect(cases(harness) { $0.assigneeID == bo } == 0, "one undo takes all three back")
        #expect(cases(harness) { $0.assigneeID != nil } == 1, "Invoice question is mine again")
    }

    @Test func starMarksEveryCaseTheFilterMatchesBeyondThePage() {
        let (source, _) = crowded(60)
        let harness = Harness(source, start: .cases)
        harness.press(.char("f"), .char("f"))
        #expect(harness.lines[1].contains("[unassigned]"))
        harness.press(.char("*"))
        let unassigned = cases(harness) { $0.assigneeID == nil && !["solved", "closed"].contains($0.status) }
        #expect(unassigned == 62, "60 fillers, Printer on fire and Login fails")
        #expect(harness.lines[1].contains("62 cases marked"))
        harness.press(.char("a"), .char("y"))
        let me = harness.source.read { $0.me }
        #expect(cases(harness) { $0.assigneeID == me } == 63)
    }

    @Test func vMarksTheRangeBetweenTwoRowsAndEscClearsTheMarks() {
        let (source, _) = crowded(40)
        let harness = Harness(source, start: .cases)
        harness.press(.char("j"), .char("V"))
        #expect(harness.statusLine.contains("range starts here"))
        harness.press(.pageDown, .pageDown, .char("V"))
        #expect(harness.lines[1].contains("cases marked"))
        let marked = (harness.app.topScreen as? CasesScreen)?.marks.count ?? 0
        #expect(marked > 20, "a range across pages marks the rows scrolled past: \(marked)")
        harness.press(.char("p"))
        #expect(harness.text.contains("Priority of \(marked) cases"))
        harness.press(.escape, .escape)
        #expect(!harness.lines[1].contains("marked"))
    }

    @Test func marksAt80x24WithWideSubjectsKeepEveryLineInItsWidth() {
        var model = Fixture.model()
        _ = Fixture.add(&model, case: "プリンターが燃えています 🔥🔥 everywhere", priority: "high", createdHoursAgo: 1, contact: nil)
        let harness = Harness(InMemoryDataSource(model), start: .cases)
        harness.press(.char(" "), .char(" "))
        for line in harness.lines { #expect(DisplayWidth.of(line) <= 80, "\(line)") }
        let wide = harness.lines.first { $0.contains("プリンター") }
        #expect(wide?.hasPrefix("  ") == true || wide?.hasPrefix("● ") == true)
        #expect(harness.lines[2].hasPrefix("  SLA"), "the header moves right with the marker column")
    }
}
