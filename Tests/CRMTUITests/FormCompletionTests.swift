// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// Creating tasks and activities, choices from a list, link completion, selected pre-filled values (issue 20).
@MainActor
@Suite struct FormCompletionTests {
    func form(_ harness: Harness) -> FormScreen? { harness.app.topScreen as? FormScreen }

    @Test func aTaskWithADueTimeFromAContactsDetailHasTheContactPrefilled() throws {
        let harness = Harness(start: .contacts)
        harness.press(.enter, .char("n"))
        #expect(harness.text.contains("New … about Ada Lovelace"))
        harness.press(.enter)
        let screen = try #require(form(harness))
        #expect(screen.entries.first { $0.spec.name == "contact" }?.input.text == "Ada Lovelace")
        #expect(screen.entries[screen.focus].spec.name == "subject", "focus on the first empty field")
        harness.type("Send the quote")
        harness.press(.tab)
        harness.type("tomorrow 15:00")
        harness.press(.enter)
        #expect(harness.statusLine.contains("created task"))
        let task = harness.source.read { $0.activities.values.first { $0.subject == "Send the quote" } }
        #expect(task?.kind == "task")
        #expect(task?.dueAt == Fixture.now + 30 * Fixture.hour, "tomorrow 15:00 UTC from 09:00")
        #expect(task?.about?.kind == .contact)
        #expect(harness.text.contains("Send the quote"), "back on the contact, its open tasks list it")
    }

    @Test func theAgendaCreatesATaskAndTheContactNameCompletes() throws {
        let harness = Harness(start: .agenda)
        harness.press(.char("n"))
        let screen = try #require(form(harness))
        #expect(screen.entries[screen.focus].spec.name == "subject")
        harness.type("Demo for Bob")
        harness.press(.tab)
        harness.type("friday 10:00")
        harness.press(.tab)
        harness.type("bob")
        #expect(screen.completion?.selection == "Bob Builder", "from the search, as typed")
        #expect(harness.text.contains("› Bob Builder"))
        harness.press(.tab)
        #expect(screen.entries[screen.focus].input.text == "Bob Builder")
        harness.press(.enter)
        #expect(harness.statusLine.contains("created task"), "\(harness.statusLine)")
        #expect(
            harness.source.read { $0.activities.values.contains { $0.subject == "Demo for Bob" && $0.dueAt != nil } })
    }

    @Test func choicesArePickedWithoutCaseAndAPrefilledValueIsReplacedByTyping() throws {
        let harness = Harness(start: .pipeline)
        harness.press(.char("n"))
        harness.type("Big one")
        harness.press(.tab)
        harness.type("100")
        harness.press(.tab)
        let screen = try #require(form(harness))
        #expect(screen.entries[screen.focus].input.selected, "the pre-filled currency is selected")
        harness.type("eur")
        #expect(screen.entries[screen.focus].input.text == "eur", "typing replaced USD instead of giving USDeur")
        harness.press(.tab)
        harness.type("propo")
        #expect(screen.completion?.selection == "Proposal")
        harness.press(.tab)
        #expect(screen.entries[screen.focus].input.text == "Proposal", "Tab takes the listed spelling")
    }

    @Test func aChoiceTypedInAnyCaseIsSavedInItsListedSpelling() {
        let harness = Harness(start: .cases)
        harness.press(.char("n"))
        harness.type("Fire drill")
        harness.press(.tab)
        harness.type("URG")
        harness.press(.enter)
        #expect(harness.statusLine.contains("created case"), "\(harness.statusLine)")
        #expect(harness.source.read { $0.cases.values.first { $0.subject == "Fire drill" }?.priority } == "urgent")
    }

    @Test func aWrongDueTimeListsTheFormsThatWork() throws {
        let harness = Harness(start: .agenda)
        harness.press(.char("n"))
        harness.type("Soon")
        harness.press(.tab)
        harness.type("someday")
        harness.press(.enter)
        #expect(harness.text.contains("not a time; use one of: now, today, tomorrow"))
    }

    @Test func theCompletionListFitsAt80x24WithWideNames() throws {
        let harness = Harness(start: .cases)
        harness.press(.char("n"), .tab, .tab, .tab)
        let screen = try #require(form(harness))
        #expect(screen.entries[screen.focus].spec.name == "contact")
        harness.type("山")
        #expect(harness.text.contains("› 山田太郎"))
        for line in harness.lines { #expect(DisplayWidth.of(line) <= 80, "\(line)") }
        harness.press(.tab)
        #expect(screen.entries[screen.focus].input.text == "山田太郎")
    }
}
