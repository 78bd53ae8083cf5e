// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import crm_load

/// crm-load split over several processes: the shards of a plan, the merged figures, and a real
/// two-process run against a live server on 127.0.0.1.
@Suite struct ShardTests {
    @Test func shardsCoverEveryTenantAndClientOnce() {
        var plan = LoadPlan()
        plan.clients = 25
        plan.tenants = 4
        let shards = plan.shards(3)
        #expect(shards.map(\.clients) == [7, 6, 12])
        #expect(shards.map(\.clients).reduce(0, +) == 25)
        let names = shards.flatMap { shard in (0..<shard.tenants).map { shard.tenantName($0) } }
        #expect(names == (0..<4).map { plan.tenantName($0) })
        #expect(shards.map(\.convergenceSample) == [1, 1, 1])

        plan.clients = 24000
        plan.tenants = 1200
        let halves = plan.shards(2)
        #expect(halves.map(\.clients) == [12000, 12000])
        #expect(halves.map { $0.tenantName(0) } == ["load-0", "load-600"])
        #expect(halves.map(\.convergenceSample) == [3, 0])
        #expect(plan.shards(5000).count == 1200, "never more shards than tenants")
    }

    @Test func mergedPercentilesAreOverEverySample() {
        let first = LoadStats()
        let second = LoadStats()
        for value in 1...99 { first.record(.push, milliseconds: Double(value)) }
        second.record(.push, milliseconds: 1000)
        second.record(.pull, milliseconds: 5)
        second.record(LoadError.timeout(seconds: 30), during: .push)
        second.recordPushed(7)
        let stats = LoadStats()
        stats.absorb(first.snapshot())
        stats.absorb(second.snapshot())
        let push = stats.summary(.push)
        #expect(push.count == 100)
        #expect(push.max == 1000)
        #expect(push.p99 == 99, "the 99th of 100 sorted samples")
        #expect(stats.count(.pull) == 1)
        #expect(stats.errorCount == 1 && stats.pushedChanges == 7)
    }

    @Test func coordinatorArgumentsDropOnlyProcesses() {
        #expect(
            LoadCommand.argumentsWithoutProcesses(["run", "--processes", "3", "--clients", "9", "--processes=2"])
                == ["run", "--clients", "9"])
        #expect(LoadCommand.processesNeeded(clients: 24000, limit: DescriptorLimit(soft: 20000, hard: 20000)) == 2)
        #expect(LoadCommand.processesNeeded(clients: 400, limit: DescriptorLimit(soft: 20000, hard: 20000)) == 1)
    }

    @Test(.timeLimit(.minutes(3)))
    func twoProcessesSyncAndVerifyTogether() async throws {
        let binary = try Self.binary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-load-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteLogStore(path: directory.appendingPathComponent("server.sqlite").path)
        try await store.migrate()
        let hash = try await PasswordHasher.hash(LoadRunTests.password, cost: 4)
        for index in 0..<4 {
            let tenant = try await store.addTenant(name: "load-\(index)", now: 0)
            _ = try await store.addUser(tenantID: tenant.id, name: "load", role: .manager, passwordHash: hash, now: 0)
        }
        var logger = Logger(label: "crm-load-test")
        logger.logLevel = .warning
        let app = buildApplication(configuration: ServerConfiguration(port: 0), store: store, logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let process = Process()
            process.executableURL = binary
            process.arguments = [
                "run", "--url", "http://127.0.0.1:\(port)", "--clients", "20", "--tenants", "4", "--processes", "2",
                "--interval", "0.5", "--duration", "3", "--timeout", "60",
            ]
            // The timeout is generous for the reason LoadRunTests gives.
            process.environment = ["CRM_LOAD_PASSWORD": LoadRunTests.password]
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // Read while it runs so a full pipe never blocks the child; bounded by the time limit.
            async let printed = Self.readAll(output)
            async let logged = Self.readAll(errors)
            for _ in 0..<1200 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            if process.isRunning { process.terminate() }
            let report = await printed
            let progress = await logged
            #expect(process.terminationStatus == 0, "\(report)\n\(progress)")
            #expect(progress.contains("2 processes: shard 0 10 clients, shard 1 10 clients"), "\(progress)")
            #expect(report.contains("clients: 20 (20 logged in) in 4 tenant(s)"), "\(report)")
            #expect(report.contains("errors: 0"), "\(report)")
            #expect(report.contains("missing: 0, duplicated: 0, unexpected: 0"), "\(report)")
            #expect(report.contains("verification: passed"), "\(report)")
            #expect(report.components(separatedBy: "fresh devices of").count - 1 == 3, "\(report)")
        }
    }

    /// Everything a pipe delivers until it closes, read off the cooperative threads.
    static func readAll(_ pipe: Pipe) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// The `crm-load` next to the test bundle, or in .build/debug (or `CRM_LOAD_BIN`).
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["CRM_LOAD_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "crm-load"),
            root.appendingPathComponent(".build/debug/crm-load"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            Issue.record("crm-load not found in \(candidates.map(\.path)); run `swift build --build-tests` first")
            throw LoadError.invalidPlan("crm-load binary missing")
        }
        return found
    }
}
