// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct CommandPaletteTests {
    @Test func tabCompletesAndEnterRuns() {
        let harness = Harness(start: .contacts)
        harness.press(.char(":"))
        harness.type("ca")
        #expect(harness.text.contains("cases"))
        harness.press(.tab)
        #expect((harness.app.overlay as? CommandPalette)?.input.text == "cases ")
        harness.press(.enter)
        #expect(harness.app.current == .cases)
    }

    @Test func newOpensACreateForm() {
        let harness = Harness(start: .contacts)
        harness.press(.char(":"))
        harness.type("new deal")
        harness.press(.enter)
        let form = harness.app.topScreen as? FormScreen
        #expect(form?.kind == .deal)
        #expect(harness.text.contains("Stage*") == false)
        #expect(form?.entries.first { $0.spec.name == "stage" }?.input.text == "Lead")
    }

    @Test func kindCommandSearchesOnlyThatKind() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char(":"))
        harness.type("deal acme")
        harness.press(.enter)
        let search = try #require(harness.app.overlay as? SearchOverlay)
        #expect(search.hits.map(\.title) == ["Acme rollout"])
        #expect(harness.text.contains("Search deals"))
    }

    @Test func quitAndUnknownCommands() {
        let harness = Harness(start: .contacts)
        harness.press(.char(":"))
        harness.type("frobnicate")
        harness.press(.enter)
        #expect(harness.statusLine.contains("unknown command :frobnicate"))
        harness.press(.ctrl("u"))
        harness.type("q")
        harness.press(.enter)
        #expect(!harness.app.isRunning)
    }

    @Test func syncClosesThePaletteSoTheNextCommandStartsEmpty() {
        let harness = Harness(start: .contacts)
        harness.press(.char(":"))
        harness.type("sync")
        harness.press(.enter)
        #expect(harness.app.overlay == nil)
        #expect(harness.app.status?.text.contains("syncs by itself") == true)
        harness.press(.char(":"))
        harness.type("cases")
        harness.press(.enter)
        #expect(harness.app.current == .cases, "not “:sync:cases”")
    }
}
