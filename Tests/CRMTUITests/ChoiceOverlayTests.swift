// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// The pick-from-a-list widget: matching without case or accents, and drawing at 80x24 with wide text.
@MainActor
@Suite struct ChoiceOverlayTests {
    @Test func typingNarrowsWithoutCaseOrAccentsStartsFirst() {
        var list = ChoiceList(["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"])
        list.filter = "PRO"
        #expect(list.matches == ["Proposal"])
        list.filter = "l"
        #expect(
            list.matches.prefix(2) == ["Lead", "Lost"], "names that start with it rank before those that contain it")
        #expect(Set(list.matches) == ["Lead", "Lost", "Qualified", "Proposal"])
        var people = ChoiceList(["Zoë Ñúñez", "Bo Colleague"])
        people.filter = "nun"
        #expect(people.selection == "Zoë Ñúñez", "a later word, accents ignored")
        people.filter = "xyz"
        #expect(people.selection == nil)
    }

    @Test func theCurrentValueIsSelectedAndMovingWraps() {
        var list = ChoiceList(["low", "normal", "high", "urgent"], selected: "urgent")
        #expect(list.selection == "urgent")
        list.move(by: 1)
        #expect(list.selection == "low")
        list.move(by: -1)
        #expect(list.selection == "urgent")
    }

    @Test func enterPicksTheSelectionAndEscCancels() {
        var picked: String?
        let overlay = ChoiceOverlay("Stage", options: ["Lead", "Qualified"], current: "Lead") { value in
            picked = value
            return .message("moved")
        }
        _ = overlay.handle(.down)
        if case .back(let text) = overlay.handle(.enter) { #expect(text == "moved") } else { Issue.record("no back") }
        #expect(picked == "Qualified")
        if case .back(let text) = overlay.handle(.escape) {
            #expect(text == "cancelled")
        } else {
            Issue.record("no back")
        }
        _ = overlay.handle(.char("z"))
        if case .error(let text) = overlay.handle(.enter) { #expect(text.contains("nothing matches “z”")) }
    }

    @Test func drawsCentredAt80x24WithWideOptionsInTheirCells() {
        let canvas = MemoryCanvas(width: 80, height: 24)
        let options = ["山田太郎", "Zoë 🚀 Ñúñez-Montgomery", "Bo Colleague"]
        let overlay = ChoiceOverlay("Assign to", options: options, current: "Bo Colleague") { _ in .none }
        overlay.draw(on: canvas, in: Rect(x: 0, y: 1, width: 80, height: 21))
        for line in canvas.lines { #expect(DisplayWidth.of(line) <= 80) }
        let selected = canvas.lines.first { $0.contains("› Bo Colleague") }
        #expect(selected != nil)
        let wide = canvas.lines.first { $0.contains("山田太郎") } ?? ""
        let border = canvas.lines.first { $0.contains("Assign to") } ?? ""
        func lastColumn(_ mark: Character, _ line: String) -> Int? {
            line.lastIndex(of: mark).map { DisplayWidth.of(String(line[..<$0])) }
        }
        #expect(lastColumn("│", wide) != nil)
        #expect(
            lastColumn("│", wide) == lastColumn("┐", border), "the right border stays in its column after a wide name")
        #expect(canvas.text.contains("Enter picks"))
    }

    @Test func aLongListScrollsToKeepTheSelectionVisible() {
        let canvas = MemoryCanvas(width: 80, height: 24)
        let options = (1...40).map { "option \($0)" }
        let overlay = ChoiceOverlay("Many", options: options, current: "option 35") { _ in .none }
        overlay.draw(on: canvas, in: Rect(x: 0, y: 1, width: 80, height: 21))
        #expect(canvas.text.contains("› option 35"))
        #expect(!canvas.text.contains("option 1 "))
    }
}
