// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import PostgresNIO
import Testing

@testable import CRMServer

/// The push without a transaction: its write happens only on the state its plan was made from.
///
/// A push that commits between another push's read and write leaves that write undone (it
/// answers false and writes nothing), whether it committed before the write began or while the
/// write waited for the tenant's lock; a push that gave up its lock without writing does not.
/// The whole table of push cases runs through `push` in `PushPlanTableTests`.
@Suite(Backend.postgresRequired) struct PostgresUnlockedPushTests {
    @Test func aPushCommittedBetweenTheReadAndTheWriteLeavesTheWriteUndone() async throws {
        let fixture = try await Fixture.make()
        defer { fixture.server.cleanUp() }
        let (plan, versions) = try await fixture.readAndPlan(fixture.batchA)
        let other = try await fixture.store.push(fixture.batchB)
        #expect(other.seqFrom == 1 && other.seqTo == 1)

        #expect(try await fixture.write(plan, versions) == false)
        #expect(try await fixture.lastSeq() == 1)
        #expect(try await fixture.logChangeIDs() == fixture.batchB.changes.map(\.changeID))

        let outcome = try await fixture.store.push(fixture.batchA)
        #expect(outcome.seqFrom == 2 && outcome.seqTo == 2 && outcome.acceptedThrough == 1)
        #expect(try await fixture.logChangeIDs() == (fixture.batchB.changes + fixture.batchA.changes).map(\.changeID))
    }

    /// A transaction holds the tenant's row as a locked push does; the write waits for it, then
    /// compares the row it finds: changed after a COMMIT, unchanged after a ROLLBACK.
    @Test(arguments: [true, false]) func aWriteThatWaitedForTheLockComparesTheNewestVersion(commits: Bool) async throws
    {
        let fixture = try await Fixture.make()
        defer { fixture.server.cleanUp() }
        let (plan, versions) = try await fixture.readAndPlan(fixture.batchA)
        let tenantID = fixture.tenantID
        let wrote = try await fixture.store.withSQL { holder in
            try await holder.run("BEGIN")
            try await holder.run("UPDATE tenants SET last_seq = last_seq WHERE id = \(tenantID)")
            async let wrote = fixture.write(plan, versions)
            try await fixture.waitUntilAWriteWaitsForALock()
            try await holder.run(commits ? "COMMIT" : "ROLLBACK")
            return try await wrote
        }
        #expect(wrote == !commits)
        #expect(try await fixture.lastSeq() == (commits ? 0 : 1))
        #expect(try await fixture.logChangeIDs() == (commits ? [] : fixture.batchA.changes.map(\.changeID)))
    }

    /// Tenant "acme" with devices A and B of its manager, each with a create of its own.
    struct Fixture {
        let server: TestServer
        let store: PostgresLogStore
        let tenantID: String
        let batchA: PushBatch
        let batchB: PushBatch

        static func make() async throws -> Fixture {
            let server = try await TestServer.make(.postgres)
            let store = try #require(server.store as? PostgresLogStore)
            let tenant = try #require(server.tenants["acme"])
            let userID = try #require(try await store.userID(tenantID: tenant.id, name: "manager"))
            func batch(_ device: String, _ entityID: String) async throws -> PushBatch {
                try await store.createSession(
                    SessionRecord(
                        tokenHash: UUID().uuidString, tenantID: tenant.id, userID: userID, deviceID: device,
                        role: .manager, createdAt: 0, expiresAt: .max),
                    deviceName: device)
                let create = PushCase.change(
                    device, 1, entityID, op: .create, field: nil, value: .object(["name": .string(entityID)]), at: 1)
                return PushBatch(
                    tenantID: tenant.id, userID: userID, deviceID: device, role: .manager, epoch: tenant.epoch,
                    changes: [create], now: PushCase.start)
            }
            return Fixture(
                server: server, store: store, tenantID: tenant.id,
                batchA: try await batch(PushCase.deviceA, "c1"), batchB: try await batch(PushCase.deviceB, "c2"))
        }

        /// The unlocked read of `batch` and the plan made from it.
        func readAndPlan(_ batch: PushBatch) async throws -> (PushPlan, PostgresPushPeekStatement.Versions) {
            let read = try await store.withSQL { sql in
                try await sql.first(PostgresPushPeekStatement(tenantID: tenantID, batch: batch))
            }
            let (state, versions, _) = try #require(read)
            return (try PushPlanner(batch: batch, state: state).plan(), try #require(versions))
        }

        /// The guarded write of `plan`; whether it wrote.
        func write(_ plan: PushPlan, _ versions: PostgresPushPeekStatement.Versions) async throws -> Bool {
            let statement = PostgresGuardedWriteStatement(
                write: PostgresWriteStatement(plan: plan, tenantID: tenantID), versions: versions)
            return try await store.withSQL { sql in try await sql.first(statement) } == true
        }

        /// Polls this database's sessions until one waits for a lock (at most 10 s).
        func waitUntilAWriteWaitsForALock() async throws {
            for _ in 0..<1_000 {
                let waiting = try await store.withSQL { sql in
                    try await sql.row(
                        """
                        SELECT count(*) AS waiting FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'
                        """)?.value("waiting", as: Int64.self)
                }
                if waiting ?? 0 > 0 { return }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("no write waited for the tenant's lock within 10 s")
        }

        func lastSeq() async throws -> Int64? {
            try await store.tenant(named: "acme")?.lastSeq
        }

        func logChangeIDs() async throws -> [String] {
            let page = try await store.pull(
                PullQuery(
                    tenantID: tenantID, userID: "reader", deviceID: "reader", role: .manager, after: 0, limit: 100,
                    excludeOwn: false))
            return page.changes.map(\.wireChange.changeID)
        }
    }
}
