// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI
import Testing

@testable import CRMTUITestSupport

/// The first run without a user asks for a name and email in the TUI itself (issue 20), on a
/// memory canvas at 80x24.
@MainActor
struct FirstRunUserFormTests {
    static func firstRun() -> Harness {
        var model = Fixture.model(empty: true)
        model.hasUser = false
        return Harness(InMemoryDataSource(model), start: .dashboard)
    }

    @Test func aDatabaseWithoutAUserOpensOnTheForm() throws {
        let harness = Self.firstRun()
        #expect(harness.app.topScreen is FormScreen)
        let text = harness.text
        #expect(text.contains("Welcome to crm. Who are you?"))
        #expect(text.contains("Your name*"))
        #expect(text.contains("Your email"))
        #expect(text.contains("Enter saves, as crm init --user NAME --email EMAIL does; Esc asks next time."))
        #expect(text.contains("Esc later"), "the hint bar says Esc leaves it for later")
        #expect(harness.lines.count == 24 && harness.lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func enterSavesTheUserAndTheStatusLineShowsThem() throws {
        let harness = Self.firstRun()
        harness.type("山田 Ana").press(.tab).type("ana@example.com").press(.enter)
        let session = try harness.source.session()
        #expect(session.userID == harness.source.read { $0.me })
        #expect(session.userName == "山田 Ana")
        #expect(harness.source.read { $0.userEmail } == "ana@example.com")
        #expect(!(harness.app.topScreen is FormScreen))
        #expect(harness.statusLine.contains("welcome, 山田 Ana"))
        harness.render()
        #expect(harness.statusLine.contains("山田 Ana"))
        #expect(harness.text.contains("Welcome to crm. This database has no records yet."))
        #expect(!harness.text.contains("crm init --user NAME"), "a user is set now")
        #expect(harness.lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func aBadEmailStaysOnTheFormWithTheProblemUnderTheField() throws {
        let harness = Self.firstRun()
        harness.type("Ana Lima").press(.tab).type("ana.example.com").press(.enter)
        #expect(harness.app.topScreen is FormScreen)
        #expect(harness.text.contains("↳ not an email address"))
        #expect(try harness.source.session().userID == nil, "nothing saved")
        harness.press(.ctrl("u")).type("ana@example.com").press(.enter)
        #expect(try harness.source.session().userName == "Ana Lima")
    }

    @Test func theNameIsRequiredAndTheEmailIsNot() throws {
        let harness = Self.firstRun()
        harness.press(.enter)
        #expect(harness.text.contains("↳ Your name is required"))
        #expect(try harness.source.session().userID == nil)
        harness.type("Bo").press(.enter)
        #expect(try harness.source.session().userName == "Bo")
        #expect(harness.source.read { $0.userEmail } == nil)
    }

    @Test func escLeavesItForLaterAndTheTUIStillWorks() throws {
        let harness = Self.firstRun()
        harness.type("Half typed").press(.escape)
        #expect(!(harness.app.topScreen is FormScreen))
        #expect(try harness.source.session().userID == nil)
        #expect(harness.statusLine.contains("no user yet"))
        harness.render()
        #expect(harness.text.contains("crm init --user NAME"), "the welcome still says how to set a user")
        harness.press(.char("n"))
        #expect(harness.text.contains("New contact"))
    }

    @Test func aDatabaseWithAUserDoesNotAsk() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .dashboard)
        #expect(!(harness.app.topScreen is FormScreen))
        #expect(!harness.text.contains("Who are you?"))
    }
}
