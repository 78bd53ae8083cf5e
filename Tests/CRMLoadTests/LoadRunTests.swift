// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import crm_load

/// crm-load against a real crm-server on 127.0.0.1 (SQLite log): the run verifies, and a change
/// taken out of the log behind the server's back is reported missing, so the check can fail.
@Suite struct LoadRunTests {
    static let password = "load-test-password"

    @Test func twentyClientsSyncAndTheVerificationCatchesALostChange() async throws {
        try await Self.live(tenants: 2) { path, plan in
            var plan = plan
            plan.clients = 20
            plan.interval = 0.5
            plan.duration = 3
            let outcome = try await LoadRun(plan: plan).run()
            #expect(outcome.loggedIn == 20)
            #expect(outcome.stats.errorCount == 0, "\(outcome.stats.errors)")
            #expect(outcome.stats.pushedChanges >= 20)
            #expect(outcome.stats.pulledChanges > 0)
            #expect(outcome.syncCPUSeconds > 0)
            #expect(outcome.verified, "\(LoadReport(plan: plan, outcome: outcome).lines.joined(separator: "\n"))")
            let digests = outcome.checks.flatMap(\.digests)
            #expect(digests.count == 6)

            let lost = try await DatabaseQueue(path: path).write { db in
                let id = try String.fetchOne(
                    db, sql: "SELECT change_id FROM changes WHERE op <> 'conflict' ORDER BY seq LIMIT 1 OFFSET 5")
                try db.execute(sql: "DELETE FROM changes WHERE change_id = ?", arguments: [id])
                return id
            }
            #expect(lost != nil)
            let checks = try await LoadRun.verify(plan: plan, ledger: outcome.stats.ledger)
            #expect(checks.reduce(0) { $0 + $1.missing } == 1)
            let passed = checks.allSatisfy(\.passed)
            #expect(!passed)
            let acknowledged = checks.reduce(UInt64(0)) { $0 &+ $1.acknowledgedChecksum }
            let logged = checks.reduce(UInt64(0)) { $0 &+ $1.loggedChecksum }
            #expect(acknowledged != logged)
        }
    }

    /// `--connection per-sync` on two event loops: a connection per sync, each closed after it,
    /// and the log still verifies.
    @Test func aConnectionPerSyncOnTwoLoopsVerifies() async throws {
        try await Self.live(tenants: 2) { _, plan in
            var plan = plan
            plan.clients = 6
            plan.interval = 0.5
            plan.duration = 2
            plan.eventLoops = 2
            plan.connectionPerSync = true
            let outcome = try await LoadRun(plan: plan).run()
            #expect(outcome.loggedIn == 6)
            #expect(outcome.stats.errorCount == 0, "\(outcome.stats.errors)")
            #expect(outcome.verified, "\(LoadReport(plan: plan, outcome: outcome).lines.joined(separator: "\n"))")
            // Every client syncs at least once; how many more times depends on the machine's load
            // (under a loaded test run a client managed one sync in the two seconds), so the count
            // is not held to the clock, only to one connection per sync.
            let syncs = outcome.stats.count(.push)
            #expect(syncs >= 6)
            #expect(outcome.stats.count(.connect) == 6 + syncs, "one connection per login and per sync")
        }
    }

    /// `--floor`: the clients log in and keep their pacing, but each pull and push is a
    /// `GET /healthz`, so every request is answered and nothing reaches the log.
    @Test func aFloorRunAsksForHealthAndSyncsNothing() async throws {
        try await Self.live(tenants: 2) { path, plan in
            var plan = plan
            plan.clients = 4
            plan.interval = 0.5
            plan.duration = 2
            plan.floor = true
            let outcome = try await LoadRun(plan: plan).run()
            #expect(outcome.loggedIn == 4)
            #expect(outcome.stats.errorCount == 0, "\(outcome.stats.errors)")
            #expect(outcome.stats.count(.pull) >= 4 && outcome.stats.count(.push) >= 4)
            #expect(outcome.stats.pushedChanges == 0 && outcome.stats.pulledChanges == 0)
            // Every answer is the health check's `{"status":"ok"}`, 15 bytes.
            for operation in [LoadStats.Operation.pull, .push] {
                #expect(outcome.stats.bytes(operation).receivedBodies == 15 * outcome.stats.count(operation))
            }
            #expect(outcome.verified)
            let logged = try await DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM changes")
            }
            #expect(logged == 0)
            let report = LoadReport(plan: plan, outcome: outcome).lines.joined(separator: "\n")
            #expect(report.contains("floor: GET /healthz in place of each pull and push"))
        }
    }

    /// Runs `body` against a live crm-server on a new SQLite log with `tenants` tenants, with the
    /// log's path and a plan aimed at the server (its port, tenants and password).
    static func live(
        tenants: Int, _ body: @escaping @Sendable (_ path: String, _ plan: LoadPlan) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-load-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("server.sqlite").path
        let app = try await Self.server(path: path, tenants: tenants)
        try await app.test(.live) { client in
            var plan = LoadPlan()
            plan.port = try #require(client.port)
            plan.tenants = tenants
            plan.password = Self.password
            // Generous: in a full parallel `swift test` the in-process server's logins queue on NIO's
            // shared blocking pool behind other suites' cost-12 bcrypt checks for seconds at a time.
            plan.requestTimeout = 60
            try await body(path, plan)
        }
    }

    /// A live crm-server on a new SQLite log at `path` with tenants `load-0` … and user `load`.
    static func server(path: String, tenants: Int) async throws -> some ApplicationProtocol {
        let store = try SQLiteLogStore(path: path)
        try await store.migrate()
        let hash = try await PasswordHasher.hash(Self.password, cost: 4)
        for index in 0..<tenants {
            let tenant = try await store.addTenant(name: "load-\(index)", now: 0)
            _ = try await store.addUser(tenantID: tenant.id, name: "load", role: .manager, passwordHash: hash, now: 0)
        }
        var logger = Logger(label: "crm-load-test")
        logger.logLevel = .warning
        return buildApplication(configuration: ServerConfiguration(port: 0), store: store, logger: logger)
    }
}
