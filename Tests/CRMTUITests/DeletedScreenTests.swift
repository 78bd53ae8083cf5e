// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct DeletedScreenTests {
    @Test func deletedOpensTheListAndRRestores() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char("d"), .char("y"))
        harness.press(.char(":"))
        harness.type("deleted")
        harness.press(.enter)
        let screen = try #require(harness.app.topScreen as? DeletedScreen)
        #expect(screen.items.map(\.title) == ["Ada Lovelace"])
        #expect(harness.text.contains("Recently deleted"))
        harness.press(.char("r"))
        #expect(harness.statusLine.contains("restored contact Ada Lovelace"))
        #expect(harness.source.read { $0.contacts.values.contains { $0.name == "Ada Lovelace" } })
        #expect(harness.text.contains("Nothing was deleted."))
        harness.press(.char("r"))
        #expect(harness.statusLine.contains("nothing was deleted"))
        harness.press(.escape)
        #expect(harness.app.topScreen is RecordListScreen<ContactRow>)
    }
}
