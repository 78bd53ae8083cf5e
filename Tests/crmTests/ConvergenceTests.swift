// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSyncClient
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// Randomized convergence through the real `crm-server`: 3–5 devices make random creates, edits,
/// deletes and restores, sync in random order with random offline periods, and must end identical
/// with no acknowledged edit missing.
@Suite(.serialized) struct ConvergenceTests {
    struct Device {
        let store: Store
        let environment: [String: String]
    }

    @Test(arguments: [UInt64(11), 23, 37, 41, 59, 73, 89, 97, 101, 131])
    func randomDevicesConvergeThroughTheServer(seed: UInt64) async throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager")])
        try server.start()
        let folder = server.folder
        var random = SplitMix64(seed: seed)
        let count = 3 + Int(seed % 3)
        var devices: [Device] = []
        for index in 0..<count {
            let store = try Store.open(path: folder.appendingPathComponent("device-\(index).sqlite").path)
            let environment = [
                "XDG_CONFIG_HOME": folder.appendingPathComponent("config-\(index)").path, "HOME": folder.path,
            ]
            try await SyncClient.login(
                store: store, server: server.url, tenant: "acme", user: "ana", password: "ana-secret",
                caCertificate: nil,
                environment: environment)
            devices.append(Device(store: store, environment: environment))
        }
        var ids: [RecordID] = []
        var offline = Set<Int>()
        for step in 0..<120 {
            let pick = Int(random.next() % UInt64(count))
            let store = devices[pick].store
            let action = random.next() % 10
            if ids.isEmpty || action < 3 {
                ids.append(
                    try store.create(.contact, ["name": .text("C\(step)"), "phone": .text("+1 555 \(1000 + step)")]))
            } else {
                let id = ids[Int(random.next() % UInt64(ids.count))]
                if (try? store.fields(of: .contact, id: id)) != nil {
                    switch action {
                    case 3...6: try store.update(.contact, id: id, ["title": .text("T\(step)-\(pick)")])
                    case 7: try store.delete(.contact, id: id)
                    case 8: try store.restore(.contact, id: id)
                    default:
                        try store.update(
                            .contact, id: id, ["name": .text("N\(step)"), "phone": .text("+1 555 \(2000 + step)")])
                    }
                }
            }
            if random.next() % 5 == 0 { offline.formSymmetricDifference([pick]) }
            if random.next() % 3 == 0 {
                let chosen = Int(random.next() % UInt64(count))
                if !offline.contains(chosen) {
                    _ = try await SyncClient(store: devices[chosen].store, environment: devices[chosen].environment)
                        .syncOnce()
                }
            }
        }
        // Heal: everyone back online, two full rounds so every device sees every change.
        for _ in 0..<2 {
            for device in devices {
                _ = try await SyncClient(store: device.store, environment: device.environment).syncOnce()
            }
        }
        let states = try devices.map { device in
            try device.store.read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, title, phone, deleted FROM contacts ORDER BY id").map {
                    row in
                    "\(row["id"] as String)|\(row["name"] as String)|\(row["title"] as String? ?? "")|\(row["phone"] as String? ?? "")|\(row["deleted"] as Int)"
                }
            }
        }
        for (index, state) in states.enumerated().dropFirst() {
            #expect(state == states[0], "seed \(seed): device \(index) differs from device 0")
        }
        #expect(states[0].count == ids.count, "seed \(seed): every created record is on every device")
        for device in devices { #expect(try device.store.pendingCount() == 0, "seed \(seed): nothing left pending") }
    }
}

/// The TUI's background sync worker: drains local changes by itself, and keeps retrying while the
/// server is away.
///
/// The worker's pause between rounds is a gate the test opens, so each round happens when the
/// test has set the scene for it (a change made, the server killed or back), with no polling and
/// no deadline.
@Suite(.serialized) struct SyncWorkerTests {
    /// Lets the worker run one round at a time and reports the delay it would have waited after each.
    final class RoundGate: Sendable {
        let ended: AsyncStream<Double>
        private let endedContinuation: AsyncStream<Double>.Continuation
        private let permits: AsyncStream<Void>
        private let permitContinuation: AsyncStream<Void>.Continuation

        init() {
            (ended, endedContinuation) = AsyncStream.makeStream()
            (permits, permitContinuation) = AsyncStream.makeStream()
        }

        /// The worker's pause: reports the round's end, then waits for the next permit.
        func pause(_ delay: Double) async {
            endedContinuation.yield(delay)
            var next = permits.makeAsyncIterator()
            _ = await next.next()
        }

        /// Starts the next round and returns the delay the worker chose after it.
        func round() async throws -> Double {
            permitContinuation.yield()
            var next = ended.makeAsyncIterator()
            return try #require(await next.next())
        }

        /// Waits for the round the worker runs as it starts, and returns its delay.
        func firstRound() async throws -> Double {
            var next = ended.makeAsyncIterator()
            return try #require(await next.next())
        }

        /// Lets a waiting worker go (it stops once cancelled).
        func finish() { permitContinuation.finish() }
    }

    @Test func theWorkerSyncsInTheBackgroundAndRetriesWhileTheServerIsAway() async throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager")])
        try server.start()
        let folder = server.folder
        let store = try Store.open(path: folder.appendingPathComponent("worker.sqlite").path)
        let environment = ["XDG_CONFIG_HOME": folder.appendingPathComponent("config").path, "HOME": folder.path]
        try await SyncClient.login(
            store: store, server: server.url, tenant: "acme", user: "ana", password: "ana-secret", caCertificate: nil,
            environment: environment)
        try store.create(.contact, ["name": .text("Sent by the worker")])
        let gate = RoundGate()
        let worker = Task.detached {
            await SyncWorker(store: store, interval: 10, environment: environment, pause: gate.pause).run()
        }
        defer {
            worker.cancel()
            gate.finish()
        }
        let afterSuccess = try await gate.firstRound()
        #expect(try store.pendingCount() == 0, "the worker pushed without being asked")
        #expect(try store.syncSetting("last_error") == nil)
        #expect((8...12).contains(afterSuccess), "the next round in 10 s ± 20%: \(afterSuccess)")
        server.kill()
        try store.create(.contact, ["name": .text("Waits for the server")])
        let afterFailure = try await gate.round()
        #expect(try store.syncSetting("last_error")?.contains("cannot reach") == true, "the failure is recorded")
        #expect(try store.pendingCount() == 1)
        #expect((0...1).contains(afterFailure), "the first retry within the 1 s backoff: \(afterFailure)")
        let afterSecondFailure = try await gate.round()
        #expect((0...2).contains(afterSecondFailure), "backing off: \(afterSecondFailure)")
        try server.start(port: server.port)
        _ = try await gate.round()
        #expect(try store.pendingCount() == 0, "drained once the server returned")
        #expect(try store.syncSetting("last_error") == nil)
    }
}
