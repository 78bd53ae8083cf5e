// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSyncClient
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// The sync model test, in the Jepsen style: devices, faults, and one answer at the end.
///
/// 3–5 devices with clocks skewed by up to an hour make random offline creates, edits, deletes
/// and restores and sync through a `FaultProxy` that drops, delays, duplicates and cuts
/// requests, while the real `crm-server` is killed with SIGKILL and restarted and some
/// `crm sync` processes are killed mid-sync. After the faults stop, every device and a fresh one
/// must hold the same records and the same conflicts, with every created record present and
/// nothing left pending.
///
/// `CRM_SYNC_MODEL_SEEDS` seeds run (5 in `make test`; `make fuzz` runs 1,000), starting at
/// `CRM_FUZZ_SEED` (22); a failure names its seed.
@Suite(.serialized) struct SyncModelTests {
    static let seeds: [UInt64] = {
        let count = ProcessInfo.processInfo.environment["CRM_SYNC_MODEL_SEEDS"].flatMap(Int.init) ?? 5
        let first = ProcessInfo.processInfo.environment["CRM_FUZZ_SEED"].flatMap(UInt64.init) ?? 22
        return (0..<UInt64(count)).map { first &+ $0 }
    }()

    struct Device {
        let path: String
        let store: CRMStore
        let environment: [String: String]
    }

    @Test(arguments: seeds)
    func devicesConvergeThroughFaults(seed: UInt64) async throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager")])
        try server.start()
        let proxy = try FaultProxy(target: server.port, seed: seed)
        var random = SplitMix64(seed: seed)
        var devices: [Device] = []
        for index in 0..<(3 + Int(seed % 3)) {
            let skew = Int64(random.next() % 7_200_000) - 3_600_000
            devices.append(try await Self.device(index, in: server.folder, proxy: proxy, skewMillis: skew))
        }
        var ids: [RecordID] = []
        var offline = Set<Int>()
        for step in 0..<80 {
            let pick = Int(random.next() % UInt64(devices.count))
            try Self.edit(devices[pick].store, step: step, pick: pick, ids: &ids, random: &random)
            if random.next() % 5 == 0 { offline.formSymmetricDifference([pick]) }
            if random.next() % 25 == 0 {
                server.kill()
                try server.start(port: server.port)
            }
            guard random.next() % 3 == 0 else { continue }
            let chosen = Int(random.next() % UInt64(devices.count))
            guard !offline.contains(chosen) else { continue }
            if random.next() % 6 == 0 {
                try Self.killedSync(devices[chosen], after: useconds_t(random.next() % 400_000))
            } else {
                _ = try? await SyncClient(store: devices[chosen].store, environment: devices[chosen].environment)
                    .syncOnce()
            }
        }
        // Heal: no faults, the server up, every device online; rounds until nothing is pending.
        proxy.setFaulty(false)
        for _ in 0..<3 {
            for device in devices { try await Self.sync(device) }
        }
        let fresh = try await Self.device(devices.count, in: server.folder, proxy: proxy, skewMillis: 0)
        try await Self.sync(fresh)
        let label = "seed \(seed), faults \(proxy.counts.map { "\($0.key.rawValue) \($0.value)" }.sorted())"
        let faults = proxy.counts.filter { $0.key != .pass }.map(\.value).reduce(0, +)
        #expect(faults > 0, "\(label): the run must meet the faults it tests")
        let states = try (devices + [fresh]).map(Self.state)
        for (index, state) in states.enumerated().dropFirst() {
            #expect(state.records == states[0].records, "\(label): device \(index) holds other records")
            #expect(state.conflicts == states[0].conflicts, "\(label): device \(index) holds other conflicts")
        }
        let live = Set(states[0].records.map { String($0.prefix(36)) })
        #expect(ids.allSatisfy { live.contains($0.rawValue) }, "\(label): a created record is missing")
        for device in devices { #expect(try device.store.pendingCount() == 0, "\(label): changes left pending") }
    }

    /// A device with its own file, config folder and skewed clock, logged in through the proxy
    /// (retried: the proxy drops logins too).
    static func device(_ index: Int, in folder: URL, proxy: FaultProxy, skewMillis: Int64) async throws -> Device {
        let path = folder.appendingPathComponent("device-\(index).sqlite").path
        let store = try CRMStore.open(path: path, now: { CRMStore.systemNow() + skewMillis })
        let environment = [
            "XDG_CONFIG_HOME": folder.appendingPathComponent("config-\(index)").path, "HOME": folder.path,
        ]
        var lastError: (any Error)?
        for _ in 0..<30 {
            do {
                try await SyncClient.login(
                    store: store, server: proxy.url, tenant: "acme", user: "ana", password: "ana-secret",
                    caCertificate: nil, environment: environment)
                return Device(path: path, store: store, environment: environment)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? CancellationError()
    }

    /// One sync with no faults, retried a few times: a connection the proxy closed during the
    /// faults may still be failing its last request.
    static func sync(_ device: Device) async throws {
        for attempt in 1...5 {
            do {
                _ = try await SyncClient(store: device.store, environment: device.environment).syncOnce()
                return
            } catch  where attempt < 5 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// One random local write, as in `ConvergenceTests`.
    static func edit(
        _ store: CRMStore, step: Int, pick: Int, ids: inout [RecordID], random: inout SplitMix64
    ) throws {
        let action = random.next() % 10
        if ids.isEmpty || action < 3 {
            ids.append(
                try store.create(.contact, ["name": .text("C\(step)"), "phone": .text("+1 555 \(1000 + step)")]))
            return
        }
        let id = ids[Int(random.next() % UInt64(ids.count))]
        guard (try? store.fields(of: .contact, id: id)) != nil else { return }
        switch action {
        case 3...6: try store.update(.contact, id: id, ["title": .text("T\(step)-\(pick)")])
        case 7: try store.delete(.contact, id: id)
        case 8: try store.restore(.contact, id: id)
        default:
            try store.update(.contact, id: id, ["name": .text("N\(step)"), "phone": .text("+1 555 \(2000 + step)")])
        }
    }

    /// `crm sync` of the device in its own process, killed with SIGKILL after `delay`.
    static func killedSync(_ device: Device, after delay: useconds_t) throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["--db", device.path, "sync"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CRM_DB")
        for (key, value) in device.environment { environment[key] = value }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The records and conflicts a device holds, in a comparable form.
    static func state(_ device: Device) throws -> (records: [String], conflicts: Set<String>) {
        let records = try device.store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, title, phone, deleted FROM contacts ORDER BY id").map { row in
                "\(row["id"] as String)|\(row["name"] as String)|\(row["title"] as String? ?? "")|"
                    + "\(row["phone"] as String? ?? "")|\(row["deleted"] as Int)"
            }
        }
        let conflicts = Set(
            try device.store.conflicts(limit: 100_000).map {
                "\($0.entityID)|\($0.field)|\($0.winnerHLC)|\($0.loserHLC)|\($0.winnerValue ?? "")|\($0.loserValue ?? "")"
            })
        return (records, conflicts)
    }
}
