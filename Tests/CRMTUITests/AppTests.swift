// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct AppTests {
    @Test func everyLineIsExactlyTheTerminalWidth() {
        for (width, height) in [(80, 24), (200, 60)] {
            for id in ScreenID.allCases {
                let harness = Harness(start: id, width: width, height: height)
                #expect(harness.lines.count == height)
                for line in harness.lines {
                    #expect(DisplayWidth.of(line) == width, "\(id) \(width)x\(height): \(line)")
                }
            }
        }
    }

    @Test func tabBarNamesEveryScreenWithItsNumber() {
        let top = Harness().lines[0]
        for id in ScreenID.allCases { #expect(top.contains("\(id.rawValue) \(id.title)")) }
    }

    @Test func numberKeysJumpBetweenScreens() {
        let harness = Harness()
        for id in ScreenID.allCases {
            harness.type(String(id.rawValue))
            #expect(harness.app.current == id)
        }
    }

    @Test func statusLineShowsUserDatabaseAndSyncState() {
        let status = Harness().statusLine
        #expect(status.contains("ada"))
        #expect(status.contains("/tmp/test.sqlite"))
        #expect(status.contains("offline"))
    }

    @Test func longDatabasePathsKeepTheUserAndTheFileName() {
        let harness = Harness(start: .contacts)
        harness.app.context.session = SessionInfo(
            userID: nil, userName: "Ada Demo",
            database: "/home/ada/.local/share/crm/some/deeply/nested/folder/crm.sqlite",
            syncState: "pending 14548")
        harness.render()
        let status = harness.statusLine
        #expect(status.contains("Ada Demo · …"))
        #expect(status.contains("/crm.sqlite · pending 14548"))
    }

    @Test func tooSmallTerminalShowsAMessageInsteadOfTheLayout() {
        let harness = Harness(width: 79, height: 24)
        #expect(harness.text.contains("Terminal too small: 79x24."))
        #expect(harness.text.contains("crm needs at least 80x24."))
        #expect(!harness.text.contains("Contacts"))
        harness.resize(width: 80, height: 23)
        #expect(harness.text.contains("Terminal too small: 80x23."))
    }

    @Test func resizeFromLargeToSmallAndBackKeepsTheSelection() {
        let harness = Harness(start: .contacts, width: 200, height: 60)
        harness.press(.char("j"), .char("j"))
        let selected = (harness.app.topScreen as? RecordListScreen<ContactRow>)?.list.selected?.name
        harness.resize(width: 80, height: 24)
        harness.resize(width: 60, height: 20)
        harness.resize(width: 200, height: 60)
        #expect((harness.app.topScreen as? RecordListScreen<ContactRow>)?.list.selected?.name == selected)
        #expect(harness.text.contains("Ada Lovelace"))
    }

    @Test func ctrlCQuitsFromAnywhereEvenInAForm() {
        let harness = Harness(start: .contacts)
        harness.press(.char("n"))
        #expect(harness.app.topScreen is FormScreen)
        harness.press(.ctrl("c"))
        #expect(!harness.app.isRunning)
    }

    @Test func qQuitsFromATopScreenAndGoesBackFromANestedOne() {
        let harness = Harness(start: .contacts)
        harness.press(.enter)
        #expect(harness.app.topScreen is DetailScreen)
        harness.press(.char("q"))
        #expect(harness.app.topScreen is RecordListScreen<ContactRow>)
        #expect(harness.app.isRunning)
        harness.press(.char("q"))
        #expect(!harness.app.isRunning)
    }

    @Test func unboundKeySaysSo() {
        let harness = Harness(start: .contacts)
        harness.press(.char("Z"))
        #expect(harness.statusLine.contains("Z: no action here — press ? for help"))
    }

    @Test func disabledKeySaysWhyInsteadOfActing() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .contacts)
        harness.press(.char("e"))
        #expect(harness.statusLine.contains("e: there are no contacts yet"))
        #expect(harness.app.topScreen is RecordListScreen<ContactRow>)
    }

    @Test func helpOverlayListsEveryBindingOfTheScreenAndGlobalKeys() throws {
        let harness = Harness(start: .pipeline, width: 100, height: 50)
        harness.press(.char("?"))
        let help = try #require(harness.app.overlay as? HelpOverlay)
        let text = help.lines.map(\.0).joined(separator: "\n")
        for binding in harness.app.screen(.pipeline).bindings() + harness.app.globalBindings() {
            #expect(text.contains(binding.description), "\(binding.description)")
        }
        #expect(harness.text.contains("Help — Pipeline"))
        #expect(harness.text.contains("H/<"))
        harness.press(.escape)
        #expect(harness.app.overlay == nil)
    }

    @Test func helpShowsWhyAKeyIsUnavailable() throws {
        let harness = Harness(start: .pipeline, width: 120, height: 50)
        harness.press(.char("?"))
        let help = try #require(harness.app.overlay as? HelpOverlay)
        #expect(
            help.lines.contains {
                $0.0.contains("previous column") && $0.0.contains("(unavailable: already at the first column)")
            })
    }

    @Test func hintBarComesFromTheBindings() {
        let harness = Harness(start: .cases)
        let hints = harness.lines[22]
        #expect(hints.contains("a assign to me"))
        #expect(hints.contains("p priority"))
        #expect(hints.contains("f filter"))
    }

    @Test func snoozingHidesANotificationForADay() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char("!"), .char("z"))
        #expect(!harness.text.contains("Send proposal"))
        #expect(harness.statusLine.contains("snoozed until this time tomorrow"))
        #expect(harness.text.contains("Notifications (3 unread)"))
        // Kept by the source: an hour on, still hidden (the contract tests see it come back).
        let later = try harness.source.notifications(now: Fixture.now + 3_600_000, limit: 10)
        #expect(!later.contains { $0.text.contains("Send proposal") })
        #expect(later.count == 3)
    }

    @Test func notificationBadgeAndCentre() throws {
        let harness = Harness(start: .contacts)
        #expect(harness.lines[0].contains("!4"))
        harness.press(.char("!"))
        #expect(harness.text.contains("Notifications (4 unread)"))
        #expect(harness.text.contains("Task due soon: Send proposal"))
        #expect(harness.text.contains("SLA at risk: Login fails"))
        #expect(harness.text.contains("SLA breached: Printer on fire"))
        #expect(harness.text.contains("Task overdue: Call Ada back"))
        harness.press(.char("x"))
        #expect(harness.text.contains("Notifications (3 unread)"))
        // Dismissed: gone from the list, and from the source's next answer.
        harness.press(.char("d"))
        #expect(!harness.text.contains("Send proposal"))
        #expect(harness.text.contains("Notifications (3 unread)"))
        harness.press(.char("j"), .char("j"), .enter)
        #expect((harness.app.topScreen as? DetailScreen)?.ref.kind == .contact)
        harness.press(.escape)
        #expect(harness.text.contains("Notifications (2 unread)"))
        // The marks are the source's: a new session sees Ada's task read and the proposal dismissed.
        let again = try harness.source.notifications(now: Fixture.now, limit: 10)
        #expect(again.map(\.read) == [false, false, true])
        #expect(!again.contains { $0.text.contains("Send proposal") })
    }
}
