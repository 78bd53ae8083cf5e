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
        // The commit observation has bumped the generation while run 1 is still in flight.
        #expect(engine.currentGeneration == 2)
        release.signal()
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        // Give a stale publication, if the code let one through, time to arrive.
        Thread.sleep(forTimeInterval: 0.3)
        #expect(published.all.map(\.generation) == [2])
        #expect(published.all.first?.pipeline.count == 2)
        #expect(engine.latest?.generation == 2)
        engine.stop()
    }

    @Test func pollingSeesWritesFromAnotherConnection() throws {
        let test = try TestStore(now: at("2026-11-20T12:00:00Z"))
        let engine = AnalyticsEngine(
            store: test.store, options: .init(timeZone: utc, debounce: .milliseconds(20), pollInterval: .milliseconds(50)))
        let published = Published()
        engine.subscribe { published.add($0) }
        engine.start()
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        // A second store on the same file stands in for a crm command in another process.
        let other = try CRMStore.open(path: test.path, now: { at("2026-11-20T12:00:00Z") })
        try other.addDeal([
            "title": .text("Elsewhere"), "amount": .money(try Money(parsing: "10.00", currency: "USD")),
        ])
        #expect(published.arrived.wait(timeout: .now() + 10) == .success)
        #expect(engine.latest?.pipeline.count == 1)
        engine.stop()
    }
}
