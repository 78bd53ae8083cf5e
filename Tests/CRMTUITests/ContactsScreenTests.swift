// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct ContactsScreenTests {
    @Test func layoutAt80x24() {
        let harness = Harness(start: .contacts)
        let lines = harness.lines
        #expect(lines[1].hasPrefix("Name"))
        #expect(Layout.column(of: "Email", in: lines[1]) != nil)
        #expect(Layout.column(of: "Company", in: lines[1]) != nil)
        #expect(Layout.column(of: "Phone", in: lines[1]) == nil, "phone is dropped below 90 columns")
        #expect(lines[2].hasPrefix("Ada Lovelace"))
        #expect(harness.canvas.style(x: 0, y: 2) == .selected)
        #expect(lines[22].contains("Enter open contact"))
    }

    @Test func layoutAt200x60ShowsEveryColumn() {
        let harness = Harness(start: .contacts, width: 200, height: 60)
        for title in ["Name", "Email", "Phone", "Company", "Title"] { #expect(harness.lines[1].contains(title)) }
        #expect(harness.text.contains("Zoë 🚀 Ñúñez-Montgomery-Fitzgerald the Third of"))
        #expect(harness.text.contains("zoe.nunez-montgomery@very-long-domain.example.com"))
    }

    @Test func longAndWideNamesAreTruncatedWithoutBreakingColumns() throws {
        for width in [80, 120, 200] {
            let harness = Harness(start: .contacts, width: width, height: 24)
            let layout = TableLayout(ListSpecs.contacts.columns, width: width)
            let emailColumn = layout.offsets[1]
            let header = harness.lines[1]
            #expect(Layout.column(of: "Email", in: header) == emailColumn)
            let rows = harness.lines[2...5]
            for row in rows {
                #expect(DisplayWidth.of(row) == width)
                let emailCell = Layout.cells(row, from: emailColumn, width: layout.widths[1])
                #expect(emailCell.contains("@"), "email column starts at \(emailColumn) in: \(row)")
            }
            let wideRow = try #require(rows.first { $0.contains(Fixture.wideName) })
            #expect(Layout.column(of: Fixture.wideName, in: wideRow) == 0)
            let companyCell = Layout.cells(
                wideRow, from: layout.offsets[layout.visible.firstIndex(of: 3) ?? 0],
                width: layout.widths[layout.visible.firstIndex(of: 3) ?? 0])
            #expect(companyCell.hasPrefix("山田商事"))
            if width == 80 { #expect(companyCell.contains("…")) }
        }
    }

    @Test func emptyStateSaysHowToAddContacts() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .contacts)
        #expect(harness.text.contains("No contacts yet. Press n to add one"))
    }

    @Test func vimKeysAndArrowsMoveTheSelection() {
        let harness = Harness(start: .contacts)
        let screen = harness.app.screen(.contacts) as? RecordListScreen<ContactRow>
        harness.press(.char("j"))
        #expect(screen?.list.selected?.name == "Bob Builder")
        harness.press(.down, .up, .char("k"))
        #expect(screen?.list.selected?.name == "Ada Lovelace")
        harness.press(.char("G"))
        #expect(screen?.list.selected?.name == Fixture.wideName, "names sort by code point: CJK after Latin")
        harness.press(.home)
        #expect(screen?.list.selected?.name == "Ada Lovelace")
    }

    @Test func enterOpensTheContactWithItsTimeline() {
        let harness = Harness(start: .contacts)
        harness.press(.enter)
        #expect(harness.text.contains("CONTACT  Ada Lovelace"))
        #expect(harness.text.contains("ada@acme.com"))
        #expect(harness.text.contains("Timeline"))
        harness.press(.escape)
        #expect(harness.app.topScreen is RecordListScreen<ContactRow>)
    }

    @Test func editChangesTheFieldInTheData() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char("e"))
        let form = try #require(harness.app.topScreen as? FormScreen)
        #expect(form.entries[1].input.text == "ada@acme.com")
        harness.press(.tab, .ctrl("u"))
        harness.type("countess@analytical.org")
        harness.press(.enter)
        #expect(harness.app.topScreen is RecordListScreen<ContactRow>)
        #expect(harness.statusLine.contains("saved contact"))
        let email = harness.source.read { $0.contacts.values.first { $0.name == "Ada Lovelace" }?.email }
        #expect(email == "countess@analytical.org")
        #expect(harness.text.contains("countess@analytical.org"))
    }

    @Test func newContactWithAnInvalidEmailShowsTheErrorUnderTheField() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char("n"))
        harness.press(.enter)
        #expect(harness.text.contains("↳ Name is required"))
        harness.type("Grace Hopper")
        harness.press(.tab)
        harness.type("grace-at-navy")
        harness.press(.enter)
        #expect(harness.text.contains("↳ not an email address"))
        #expect(harness.source.read { $0.contacts.count } == 4)
        harness.press(.ctrl("w"))
        harness.type("grace@navy.mil")
        harness.press(.enter)
        #expect(
            harness.source.read {
                $0.contacts.values.contains { $0.name == "Grace Hopper" && $0.email == "grace@navy.mil" }
            })
        #expect(harness.statusLine.contains("created contact"))
    }

    @Test func aPersonFieldCompletesTeammatesAsYouType() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char("n"))
        harness.type("Grace Hopper")
        harness.press(.tab, .tab, .tab, .tab, .tab)
        let form = try #require(harness.app.topScreen as? FormScreen)
        #expect(form.entries[form.focus].spec.name == "owner")
        #expect(harness.text.contains("a teammate's name or email, or me"))
        harness.type("A")
        #expect(harness.text.contains("→ ada"))
        harness.press(.tab)
        #expect(form.entries[form.focus].input.text == "ada", "Tab completes the one candidate and stays")
        harness.press(.tab)
        #expect(form.focus == 0, "a completed field lets Tab move on")
        harness.press(.up)
        harness.press(.ctrl("u"))
        harness.type("zed")
        #expect(harness.text.contains("no active teammate matches"))
    }

    @Test func errorsFromTheDataSourceAreShownInline() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char("n"))
        harness.type("Linus")
        harness.press(.tab)
        harness.type("linus@")
        harness.press(.enter)
        #expect(harness.text.contains("↳ "), "the data source's error is shown under its field")
        #expect((harness.app.topScreen as? FormScreen)?.focus == 1, "the focus moves to the email field")
    }

    @Test func escapeCancelsAForm() {
        let harness = Harness(start: .contacts)
        harness.press(.char("n"))
        harness.type("Someone")
        harness.press(.escape)
        #expect(harness.app.topScreen is RecordListScreen<ContactRow>)
        #expect(harness.source.read { $0.contacts.count } == 4)
    }

    @Test func mMergesIntoANamedContactAfterConfirmation() {
        let harness = Harness(start: .contacts)
        harness.press(.char("m"))
        #expect(harness.text.contains("Merge Ada Lovelace into"))
        harness.type("Ada Lovelace")
        harness.press(.enter)
        #expect(harness.statusLine.contains("that is Ada Lovelace itself"))
        #expect(harness.text.contains("Merge Ada Lovelace into"), "the prompt stays open to correct the name")
        harness.press(.escape)
        harness.press(.char("m"))
        harness.type("nobody@nowhere.example")
        harness.press(.enter)
        #expect(harness.statusLine.contains("no contact"))
        harness.press(.escape)
        harness.press(.char("m"))
        harness.type("bob@globex.com")
        harness.press(.enter)
        #expect(harness.text.contains("Merge Ada Lovelace into Bob Builder?"))
        harness.press(.char("y"))
        #expect(harness.statusLine.contains("merged Ada Lovelace into Bob Builder"))
        let bob = harness.source.read { $0.contacts.values.first { $0.name == "Bob Builder" } }
        #expect(harness.source.read { $0.contacts.values.contains { $0.name == "Ada Lovelace" } } == false)
        #expect(bob?.companyID != nil, "Bob had no company; he takes Ada's")
        #expect(harness.source.read { model in model.cases.values.filter { $0.contactID == bob?.id }.count } == 2)
    }

    @Test func dDeletesAfterConfirmationAndNCancels() {
        let harness = Harness(start: .contacts)
        harness.press(.char("d"))
        #expect(harness.text.contains("Delete contact Ada Lovelace?"))
        harness.press(.char("n"))
        #expect(harness.source.read { $0.contacts.count } == 4)
        harness.press(.char("d"), .char("x"))
        #expect(harness.statusLine.contains("press y to confirm or n to cancel"))
        harness.press(.char("y"))
        #expect(harness.source.read { $0.contacts.values.contains { $0.name == "Ada Lovelace" } } == false)
        #expect(harness.statusLine.contains("deleted Ada Lovelace"))
        #expect(harness.lines[2].hasPrefix("Bob Builder"))
    }

    @Test func uUndoesTheDeleteAndASecondURedoesIt() {
        let harness = Harness(start: .contacts)
        harness.press(.char("d"), .char("y"))
        #expect(harness.source.read { $0.contacts.values.contains { $0.name == "Ada Lovelace" } } == false)
        harness.press(.char("u"))
        #expect(harness.statusLine.contains("undid"))
        #expect(harness.source.read { $0.contacts.values.contains { $0.name == "Ada Lovelace" } })
        #expect(harness.lines[2].hasPrefix("Ada Lovelace"))
        harness.press(.char("u"))
        #expect(harness.source.read { $0.contacts.values.contains { $0.name == "Ada Lovelace" } } == false)
    }
}
