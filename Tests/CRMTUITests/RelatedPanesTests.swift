// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// Related records in detail views, each a pane to move into and open from (issue 20).
@MainActor
@Suite struct RelatedPanesTests {
    func companyDetail(width: Int = 80, height: Int = 24) -> Harness {
        let harness = Harness(start: .companies, width: width, height: height)
        harness.press(.enter)
        return harness
    }

    @Test func aCompanyListsItsContactsOpenDealsAndOpenCases() throws {
        let harness = companyDetail()
        #expect(harness.text.contains("COMPANY  Acme Corp"))
        #expect(harness.text.contains("Contacts (1)") && harness.text.contains("Ada Lovelace"))
        #expect(harness.text.contains("Open deals (1)") && harness.text.contains("Acme rollout"))
        #expect(!harness.text.contains("Old win"), "a won deal is not open")
        #expect(harness.text.contains("Open cases (2)"))
        for line in harness.lines { #expect(DisplayWidth.of(line) <= 80) }
    }

    @Test func tabMovesIntoARelatedPaneAndEnterOpensTheSelectedRecord() throws {
        let harness = companyDetail()
        harness.press(.enter)
        #expect(harness.statusLine.contains("Tab to a list of related records first"))
        harness.press(.tab, .tab)
        let screen = try #require(harness.app.topScreen as? DetailScreen)
        #expect(screen.pane == .related(0))
        #expect(screen.selectedRelated?.title == "Ada Lovelace")
        harness.press(.enter)
        #expect(harness.text.contains("CONTACT  Ada Lovelace"))
        #expect(harness.text.contains("Open cases (2)") && harness.text.contains("Printer on fire"))
        #expect(harness.text.contains("Open tasks (1)") && harness.text.contains("Call Ada back"))
        harness.press(.char("q"))
        #expect(harness.text.contains("COMPANY  Acme Corp"), "back to the company")
    }

    @Test func jkMoveTheSelectionInTheFocusedPaneAndShiftTabGoesBack() throws {
        let harness = companyDetail()
        harness.press(.tab, .tab, .tab, .tab)
        let screen = try #require(harness.app.topScreen as? DetailScreen)
        #expect(screen.pane == .related(2))
        harness.press(.char("j"))
        #expect(screen.relatedCursor[2] == 1)
        #expect(screen.selectedRelated?.ref.kind == .supportCase)
        harness.press(.char("j"))
        #expect(screen.relatedCursor[2] == 1, "stops at the last row")
        harness.press(.backTab)
        #expect(screen.pane == .related(1))
        harness.press(.tab, .tab)
        #expect(screen.pane == .fields, "Tab wraps around")
    }

    @Test func wideLayoutPutsTheListsUnderTheFieldsAndTheTimelineBeside() {
        let harness = companyDetail(width: 200, height: 60)
        let fields = harness.lines.firstIndex { $0.contains("Fields") } ?? -1
        let contacts = harness.lines.firstIndex { $0.contains("Contacts (1)") } ?? -1
        #expect(harness.lines[fields].contains("Timeline"))
        #expect(contacts > fields)
        #expect(Layout.column(of: "Contacts (1)", in: harness.lines[contacts]) ?? 99 < 100)
    }

    @Test func aDealListsItsContactsAndActivities() {
        let harness = Harness(start: .pipeline)
        harness.press(.enter)
        #expect(harness.text.contains("DEAL  Acme rollout"))
        #expect(harness.text.contains("Contacts (1)") && harness.text.contains("Ada Lovelace"), "its company's contact")
        #expect(harness.text.contains("Activities (1)") && harness.text.contains("Send proposal"))
    }

    @Test func wideNamesStayInsideTheirPane() {
        let harness = Harness(start: .companies)
        harness.press(.char("j"), .enter)
        #expect(harness.text.contains("山田太郎"), "\(harness.text)")
        for line in harness.lines { #expect(DisplayWidth.of(line) <= 80) }
        let row = harness.lines.first { $0.contains("山田太郎") } ?? ""
        #expect(row.filter { $0 == "│" }.count % 2 == 0, "each pane keeps both its borders: \(row)")
    }
}
