// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct SearchOverlayTests {
    @Test func resultsUpdateAsYouTypeAcrossKinds() throws {
        let harness = Harness(start: .contacts)
        harness.press(.char("/"))
        #expect(harness.text.contains("Type to search contacts, companies, deals, cases and notes."))
        harness.type("ac")
        let overlay = try #require(harness.app.overlay as? SearchOverlay)
        #expect(
            overlay.hits.map(\.title).sorted() == ["Acme Corp", "Acme rollout", "Ada Lovelace"],
            "Ada by her acme.com email")
        #expect(harness.text.contains("company  Acme Corp"))
        #expect(harness.text.contains("deal     Acme rollout"))
        harness.type("me r")
        #expect(overlay.hits.map(\.title) == ["Acme rollout"])
        harness.press(.backspace, .backspace)
        #expect(overlay.hits.count == 3)
    }

    @Test func enterOpensTheSelectedHit() {
        let harness = Harness(start: .contacts)
        harness.press(.char("/"))
        harness.type("山田")
        harness.press(.down, .enter)
        #expect(harness.app.overlay == nil)
        #expect(harness.text.contains("CONTACT  山田太郎"))
    }

    @Test func noMatchesSaysSo() {
        let harness = Harness(start: .contacts)
        harness.press(.char("/"))
        harness.type("zzz")
        #expect(harness.text.contains("No matches for “zzz”."))
        harness.press(.enter)
        #expect(harness.statusLine.contains("nothing to open"))
    }

    @Test func typingNeverWaitsForTheQueryAndStaleResultsAreDropped() throws {
        let (runner, harness) = openSearch()
        harness.type("a")
        harness.type("d")
        let overlay = try #require(harness.app.overlay as? SearchOverlay)
        #expect(overlay.input.text == "ad", "keys were handled while both searches were still pending")
        #expect(overlay.searching)
        #expect(runner.pending == 2)
        runner.runJob(1)
        harness.render()
        #expect(overlay.hits.map(\.title) == ["Ada Lovelace"])
        runner.runJob(0)
        harness.render()
        #expect(overlay.hits.map(\.title) == ["Ada Lovelace"], "the older search for “a” finished last and was dropped")
        #expect(overlay.appliedGeneration == overlay.generation)
    }

    /// Typed fast, Enter came before the search: it opens a hit of what was typed, not of an
    /// earlier query still on screen (the TUI's tmux test opened the wrong contact that way).
    @Test func enterBeforeTheSearchFinishedOpensAHitOfWhatWasTyped() throws {
        let (runner, harness) = openSearch()
        harness.type("a")
        runner.runJob(0)
        harness.render()
        let overlay = try #require(harness.app.overlay as? SearchOverlay)
        let earlier = try #require(overlay.hits.first?.title)
        #expect(earlier != "Ada Lovelace", "the earlier query's first hit is another record")
        harness.type("d")
        #expect(runner.pending == 1, "the search for “ad” has not run")
        harness.press(.enter)
        #expect(harness.app.overlay == nil)
        #expect(harness.text.contains("CONTACT  Ada Lovelace"))
    }

    @Test func enterWithNoSearchFinishedYetStillOpens() {
        let (runner, harness) = openSearch()
        harness.type("山田")
        #expect(runner.pending == 2, "neither search has run")
        harness.press(.enter)
        #expect(harness.app.overlay == nil, "\(harness.statusLine)")
        #expect(harness.text.contains("COMPANY  山田商事株式会社グローバルホールディングス"), "the first hit of “山田”")
    }

    @Test func searchRunsOnItsOwnRunnerWhenOneIsGiven() throws {
        let runner = ManualRunner()
        let context = AppContext(
            source: InMemoryDataSource(Fixture.model()), runner: runner, searchRunner: ImmediateRunner(),
            clock: { Fixture.now })
        let app = App(context: context, start: .dashboard)
        app.handle(.char("/"))
        app.handle(.char("a"))
        app.handle(.char("d"))
        app.drainMailbox()
        let overlay = try #require(app.overlay as? SearchOverlay)
        #expect(overlay.hits.map(\.title) == ["Ada Lovelace"])
        #expect(runner.pending > 0, "the dashboard and the session refresh are still waiting on the other runner")
    }

    /// The app's default runners: a search finishes while the general queue is stuck on slow work.
    @Test func searchNeverWaitsBehindTheDashboardQueue() throws {
        let app = App(
            context: AppContext(source: InMemoryDataSource(Fixture.model()), clock: { Fixture.now }), start: .contacts)
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        app.context.runner.run { release.wait() }
        app.handle(.char("/"))
        app.handle(.char("a"))
        let overlay = try #require(app.overlay as? SearchOverlay)
        let deadline = Date().addingTimeInterval(10)
        while overlay.appliedGeneration != overlay.generation, Date() < deadline {
            app.drainMailbox()
            usleep(1000)
        }
        #expect(overlay.appliedGeneration == overlay.generation, "the search waited for the blocked queue")
        #expect(!overlay.hits.isEmpty)
    }

    /// A harness whose background jobs wait for the returned runner, the start screen's done,
    /// with `/` pressed.
    private func openSearch() -> (ManualRunner, Harness) {
        let runner = ManualRunner()
        let harness = Harness(start: .contacts, runner: runner)
        while runner.pending > 0 { runner.runJob(0) }
        harness.press(.char("/"))
        return (runner, harness)
    }

    @Test func escapeClosesTheSearch() {
        let harness = Harness(start: .contacts)
        harness.press(.char("/"))
        harness.type("q")
        harness.press(.escape)
        #expect(harness.app.overlay == nil)
        #expect(harness.app.isRunning, "q typed into the search did not quit")
    }
}
