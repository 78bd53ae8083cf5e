// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation
import Testing

@testable import CRMAnalytics

/// Collects what the engine publishes, for the tests to wait on.
final class Published: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshots: [AnalyticsSnapshot] = []
    let arrived = DispatchSemaphore(value: 0)

    func add(_ snapshot: AnalyticsSnapshot) {
        lock.withLock { snapshots.append(snapshot) }
        arrived.signal()
    }

    var all: [AnalyticsSnapshot] { lock.withLock { snapshots } }
}

@Suite struct AnalyticsEngineTests {
    /// How many times deals, funnel and cases were computed by published runs.
    static func counts(_ engine: AnalyticsEngine) -> [Int] {
        [engine.computeCount(.deals), engine.computeCount(.funnel), engine.computeCount(.cases)]
    }

    let options = AnalyticsEngine.Options(timeZone: utc, debounce: .milliseconds(20), pollInterval: nil)

    @Test func publishesAFirstSnapshotAndANewOneAfterAWrite() throws {
        let test = try TestStore(now: at("2026-11-20T12:00:00Z"))
        try test.deal("First", "100.00", created: "2026-11-01T00:00:00Z")
        let engine = AnalyticsEngine(store: test.store, options: options)
        let published = Published()
        engine.subscribe { published.add($0) }
        engine.start()
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        #expect(engine.latest?.pipeline.count == 1)
        try test.deal("Second", "50.00", created: "2026-11-02T00:00:00Z")
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        #expect(engine.latest?.pipeline.count == 2)
        #expect(engine.latest?.pipeline.amounts.text == ["150.00 USD"])
        engine.stop()
    }

    /// `fresh` never answers with figures from before a write this process has made: the TUI
    /// asks it right after an edit.
    @Test func freshWaitsForTheRunThatIncludesTheLastWrite() throws {
        let test = try TestStore(now: at("2026-11-20T12:00:00Z"))
        try test.deal("First", "100.00", created: "2026-11-01T00:00:00Z")
        let engine = AnalyticsEngine(store: test.store, options: options)
        #expect(engine.fresh(timeout: .milliseconds(50)) == nil, "not started: nothing to wait for")
        engine.start()
        #expect(engine.fresh(timeout: .seconds(10))?.pipeline.count == 1)
        try test.deal("Second", "50.00", created: "2026-11-02T00:00:00Z")
        let after = try #require(engine.fresh(timeout: .seconds(10)))
        #expect(after.pipeline.count == 2, "the snapshot includes the write made just before")
        #expect(after.generation == engine.currentGeneration)
    }

    @Test func aWriteDuringARunSupersedesItAndOnlyTheNewRunPublishes() throws {
        let test = try TestStore(now: at("2026-11-20T12:00:00Z"))
        try test.deal("First", "100.00", created: "2026-11-01T00:00:00Z")
        let engine = AnalyticsEngine(store: test.store, options: options)
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // The first run stops after reading (it saw one deal) until the test has written a second deal.
        engine.beforePublish = { generation in
            if generation == 1 {
                entered.signal()
                release.wait()
            }
        }
        let published = Published()
        engine.subscribe { published.add($0) }
        engine.start()
        #expect(entered.wait(timeout: .now() + 10) == .success)
        try test.deal("Second", "50.00", created: "2026-11-02T00:00:00Z")
        // The commit observations (deals and funnel parts) have bumped the generation while run 1 is in flight.
        let afterWrite = engine.currentGeneration
        #expect(afterWrite > 1)
        release.signal()
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        // Give a stale publication, if the code let one through, time to arrive.
        Thread.sleep(forTimeInterval: 0.3)
        #expect(published.all.map(\.generation) == [afterWrite])
        #expect(published.all.first?.pipeline.count == 2)
        #expect(engine.latest?.generation == afterWrite)
        engine.stop()
    }

    @Test func anEditRecomputesOnlyThePartsThatReadWhatItTouched() throws {
        let test = try TestStore(now: at("2026-11-20T12:00:00Z"))
        let deal = try test.deal("First", "100.00", created: "2026-11-01T00:00:00Z")
        let engine = AnalyticsEngine(store: test.store, options: options)
        let published = Published()
        engine.subscribe { published.add($0) }
        engine.start()
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        try test.store.openCase(["subject": .text("Help"), "priority": .text("high")])
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        #expect(engine.latest?.service.total == 1)
        #expect(Self.counts(engine) == [1, 1, 2])
        // A new amount is a deals change the funnel does not read.
        try test.store.update(.deal, id: deal, ["amount": .money(try Money(parsing: "250.00", currency: "USD"))])
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        #expect(engine.latest?.pipeline.amounts.text == ["250.00 USD"])
        #expect(engine.latest?.service.total == 1)
        #expect(Self.counts(engine) == [2, 1, 2])
        // A stage move writes stage history: deals and funnel.
        try test.move(deal, to: "Qualified", at: "2026-11-20T12:00:00Z")
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        #expect(engine.latest?.funnel.map(\.reached) == [1, 1, 0, 0, 0])
        #expect(Self.counts(engine) == [3, 2, 2])
        engine.stop()
    }

    @Test func pollingSeesWritesFromAnotherConnection() throws {
        let test = try TestStore(now: at("2026-11-20T12:00:00Z"))
        let engine = AnalyticsEngine(
            store: test.store,
            options: .init(timeZone: utc, debounce: .milliseconds(20), pollInterval: .milliseconds(50)))
        let published = Published()
        engine.subscribe { published.add($0) }
        engine.start()
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        // A second store on the same file stands in for a crm command in another process.
        let other = try Store.open(path: test.path, now: { at("2026-11-20T12:00:00Z") })
        try other.addDeal([
            "title": .text("Elsewhere"), "amount": .money(try Money(parsing: "10.00", currency: "USD")),
        ])
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        #expect(engine.latest?.pipeline.count == 1)
        engine.stop()
    }
}
