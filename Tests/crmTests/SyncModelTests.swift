// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSyncClient
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// The sync model test, in the Jepsen style: devices, faults, and one answer at the end.
///
/// 3–5 devices with clocks skewed by up to an hour make random offline creates, edits, deletes,
/// restores, linked notes and merges (`SyncModelWorkload`, merges raced by other devices) and sync through a `FaultProxy` that drops, delays, duplicates and cuts
/// requests, while the real `crm-server` is killed with SIGKILL and restarted and some
/// `crm sync` processes are killed mid-sync. After the faults stop, every device and a fresh one
/// must hold the same contacts, notes and conflicts, with nothing left pending, and keep what the
/// workload did: every created record, every merge's delete and moved notes.
///
/// `CRM_SYNC_MODEL_SEEDS` seeds run (20 in `make test`; `make fuzz` runs 1,000), starting at
/// `CRM_FUZZ_SEED` (22), two at a time: a seed spends most of its time waiting on its server,
/// proxy and `crm sync` processes, so a pair takes little longer than one (Docs/TESTING.md has
/// the profile). A failure names its seed.
@Suite(.serialized) struct SyncModelTests {
    static let seedPairs: [[UInt64]] = {
        let count = ProcessInfo.processInfo.environment["CRM_SYNC_MODEL_SEEDS"].flatMap(Int.init) ?? 20
        let first = ProcessInfo.processInfo.environment["CRM_FUZZ_SEED"].flatMap(UInt64.init) ?? 22
        let seeds = (0..<UInt64(count)).map { first &+ $0 }
        return stride(from: 0, to: seeds.count, by: 2).map { Array(seeds[$0..<min($0 + 2, seeds.count)]) }
    }()

    /// The server log with tenant `acme` and manager `ana`, provisioned once per test process by
    /// two `crm-server` admin processes and copied into each seed's server folder (about 0.15 s
    /// a seed saved).
    struct ProvisionedLog: Sendable {
        let files: [String: Data]

        func copy(to server: ServerProcess) throws {
            for (name, data) in files { try data.write(to: server.folder.appendingPathComponent(name)) }
        }
    }

    static let provisionedLog: Result<ProvisionedLog, any Error> = Result {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager")])
        let names = try FileManager.default.contentsOfDirectory(atPath: server.folder.path)
        return ProvisionedLog(
            files: try Dictionary(
                uniqueKeysWithValues: names.filter { $0.hasPrefix("log.sqlite") }.map {
                    ($0, try Data(contentsOf: server.folder.appendingPathComponent($0)))
                }))
    }

    struct Device: Sendable {
        let path: String
        let store: Store
        let environment: [String: String]
    }

    @Test(arguments: seedPairs)
    func devicesConvergeThroughFaults(seeds: [UInt64]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for seed in seeds { group.addTask { try await Self.run(seed: seed) } }
            try await group.waitForAll()
        }
    }

    /// One seed: its own server, proxy and devices.
    static func run(seed: UInt64) async throws {
        let server = try ServerProcess()
        try Self.provisionedLog.get().copy(to: server)
        try server.start()
        let proxy = try FaultProxy(target: server.port, seed: seed)
        var random = SplitMix64(seed: seed)
        let skews = (0..<(3 + Int(seed % 3))).map { _ in Int64(random.next() % 7_200_000) - 3_600_000 }
        let devices = try await devices(skews: skews, in: server.folder, proxy: proxy)
        var workload = SyncModelWorkload()
        var offline = Set<Int>()
        for step in 0..<80 {
            let pick = Int(random.next() % UInt64(devices.count))
            try workload.step(devices.map(\.store), step: step, pick: pick, random: &random)
            if random.next() % 5 == 0 { offline.formSymmetricDifference([pick]) }
            if random.next() % 25 == 0 {
                server.kill()
                try server.start(port: server.port)
            }
            guard random.next() % 3 == 0 else { continue }
            let chosen = Int(random.next() % UInt64(devices.count))
            guard !offline.contains(chosen) else { continue }
            if random.next() % 6 == 0 {
                try await Self.killedSync(devices[chosen], after: .microseconds(random.next() % 400_000))
            } else {
                _ = try? await SyncClient(store: devices[chosen].store, environment: devices[chosen].environment)
                    .syncOnce()
            }
        }
        try workload.ensureAMerge(devices.map(\.store), step: 80)
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
        #expect(!workload.merges.isEmpty, "\(label): the run must merge")
        let violations = try workload.violations(in: fresh.store)
        #expect(violations.isEmpty, "\(label): \(violations.prefix(5).joined(separator: "; "))")
        for device in devices { #expect(try device.store.pendingCount() == 0, "\(label): changes left pending") }
    }

    /// The devices, opened and logged in two at a time: each spends most of its time waiting on
    /// the server and the proxy, so overlapping them halves what set-up costs a seed.
    static func devices(skews: [Int64], in folder: URL, proxy: FaultProxy) async throws -> [Device] {
        try await withThrowingTaskGroup(of: (Int, Device).self) { group in
            for (index, skew) in skews.enumerated() {
                group.addTask { (index, try await device(index, in: folder, proxy: proxy, skewMillis: skew)) }
            }
            var devices: [Int: Device] = [:]
            for try await (index, device) in group { devices[index] = device }
            return skews.indices.compactMap { devices[$0] }
        }
    }

    /// A device with its own file, config folder and skewed clock, logged in through the proxy
    /// (retried: the proxy drops logins too).
    static func device(_ index: Int, in folder: URL, proxy: FaultProxy, skewMillis: Int64) async throws -> Device {
        let path = folder.appendingPathComponent("device-\(index).sqlite").path
        let store = try Store.open(path: path, now: { Store.systemNow() + skewMillis })
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

    /// `crm sync` of the device in its own process, killed with SIGKILL after `delay` (or let be
    /// when it has already ended: the wait stops there, instead of sleeping out a delay longer
    /// than the sync).
    static func killedSync(_ device: Device, after delay: Duration) async throws {
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
        let deadline = ContinuousClock.now + delay
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
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
                + Row.fetchAll(
                    db, sql: "SELECT id, subject, body, contact_id, deleted FROM activities ORDER BY id"
                ).map { row in
                    "\(row["id"] as String)|\(row["subject"] as String)|\(row["body"] as String? ?? "")|"
                        + "\(row["contact_id"] as String? ?? "")|\(row["deleted"] as Int)"
                }
        }
        let conflicts = Set(
            try device.store.conflicts(limit: 100_000).map {
                "\($0.entityID)|\($0.field)|\($0.winnerHLC)|\($0.loserHLC)|\($0.winnerValue ?? "")|\($0.loserValue ?? "")"
            })
        return (records, conflicts)
    }
}
