// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMSyncClient
import Foundation
import GRDB
import Testing

/// Randomized convergence through the real `crm-server`: 3–5 devices make random creates, edits,
/// deletes and restores, sync in random order with random offline periods, and must end identical
/// with no acknowledged edit missing.
@Suite(.serialized) struct ConvergenceTests {
    struct Device {
        let store: CRMStore
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
            let store = try CRMStore.open(path: folder.appendingPathComponent("device-\(index).sqlite").path)
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
@Suite(.serialized) struct SyncWorkerTests {
    @Test func theWorkerSyncsInTheBackgroundAndRetriesWhileTheServerIsAway() async throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager")])
        try server.start()
        let folder = server.folder
        let store = try CRMStore.open(path: folder.appendingPathComponent("worker.sqlite").path)
        let environment = ["XDG_CONFIG_HOME": folder.appendingPathComponent("config").path, "HOME": folder.path]
        try await SyncClient.login(
            store: store, server: server.url, tenant: "acme", user: "ana", password: "ana-secret", caCertificate: nil,
            environment: environment)
        let worker = Task.detached { await SyncWorker(store: store, interval: 0.3, environment: environment).run() }
        defer { worker.cancel() }
        try store.create(.contact, ["name": .text("Sent by the worker")])
        #expect(try await Self.waitUntil { try store.pendingCount() == 0 }, "the worker pushed without being asked")
        server.kill()
        try store.create(.contact, ["name": .text("Waits for the server")])
        #expect(try await Self.waitUntil { try store.syncSetting("last_error") != nil }, "the failure is recorded")
        #expect(try store.pendingCount() == 1)
        try server.start(port: server.port)
        #expect(
            try await Self.waitUntil(seconds: 40) { try store.pendingCount() == 0 }, "drained after the server returned"
        )
    }

    /// Polls `condition` every 100 ms for at most `seconds`.
    static func waitUntil(seconds: Double = 15, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }
}
