// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import GRDB
import Testing

@testable import CRMServer

/// The SQLite store's pulls through its tail (`TenantTail`) give the pages its log gives: after
/// pushes with local transactions of several changes, conflicts and refusals, after a push that
/// failed, and after rows written by another process, for every cursor and page size.
@Suite struct TenantTailStoreTests {
    static let deviceA = PushCase.deviceA
    static let deviceB = PushCase.deviceB

    /// A set of `fields` of `entityID` in one local transaction of `device`.
    static func transaction(
        _ device: String, from deviceSeq: Int64, _ entityID: String, fields: [String], base: Int64?, at millis: Int64
    ) -> [WireChange] {
        fields.enumerated().map { offset, field in
            let seq = deviceSeq + Int64(offset)
            return WireChange(
                changeID: "\(device.prefix(1))-\(seq)", deviceSeq: seq, txID: deviceSeq,
                hlc: HLC(millis: PushCase.start + millis, counter: UInt16(offset)).wire(deviceID: device),
                baseHLC: base.map { HLC(millis: PushCase.start + $0, counter: 0).wire(deviceID: device) },
                entity: "contact", entityID: entityID, op: .set, field: field, value: .string("\(field) \(seq)"))
        }
    }

    @Test func pullsThroughTheTailAreTheLogsPages() async throws {
        let server = try await TestServer.make(.sqlite)
        defer { server.cleanUp() }
        let store = try #require(server.store as? SQLiteLogStore)
        let tenant = try #require(server.tenants["acme"])
        let userID = try #require(try await store.userID(tenantID: tenant.id, name: "manager"))
        for device in [Self.deviceA, Self.deviceB] {
            try await store.createSession(
                SessionRecord(
                    tokenHash: UUID().uuidString, tenantID: tenant.id, userID: userID, deviceID: device,
                    role: .manager, createdAt: 0, expiresAt: .max),
                deviceName: device)
        }
        func push(_ device: String, _ changes: [WireChange]) async throws {
            _ = try await store.push(
                PushBatch(
                    tenantID: tenant.id, userID: userID, deviceID: device, role: .manager, epoch: tenant.epoch,
                    changes: changes, now: PushCase.start))
        }
        let fields = ["name", "phone", "email", "title"]
        var seqA: Int64 = 1
        var seqB: Int64 = 1
        for round in 0..<6 {
            let millis = Int64(round * 10)
            let forA = Self.transaction(
                Self.deviceA, from: seqA, "c\(round % 2)", fields: Array(fields.prefix(1 + round % 4)), base: nil,
                at: millis + 1)
            try await push(Self.deviceA, forA)
            seqA += Int64(forA.count)
            // B edits the same fields from a stale base: conflicts, and their records in the log.
            let forB = Self.transaction(
                Self.deviceB, from: seqB, "c\(round % 2)", fields: Array(fields.prefix(2)), base: 0, at: millis)
            try await push(Self.deviceB, forB)
            seqB += Int64(forB.count)
        }
        // A push the store refuses whole (a gap in the device's seqs) leaves nothing behind.
        await #expect(throws: StoreError.self) {
            try await push(
                Self.deviceA, Self.transaction(Self.deviceA, from: seqA + 5, "c9", fields: ["name"], base: nil, at: 99))
        }
        #expect(store.tail.rowCount > 0, "the pushes' rows are in the tail")

        // Another process writes to the same file: its rows are not in this store's tail.
        let other = try SQLiteLogStore(path: String(server.database.dropFirst("sqlite:".count)))
        _ = try await other.push(
            PushBatch(
                tenantID: tenant.id, userID: userID, deviceID: Self.deviceA, role: .manager, epoch: tenant.epoch,
                changes: Self.transaction(Self.deviceA, from: seqA, "c7", fields: fields, base: nil, at: 200),
                now: PushCase.start))

        let lastSeq = try #require(try await store.tenant(named: "acme")?.lastSeq)
        let whole = PullQuery(
            tenantID: tenant.id, userID: userID, deviceID: Self.deviceA, role: .manager, after: 0, limit: 1_000,
            excludeOwn: false)
        #expect(try await store.pull(whole).changes.contains { $0.op == .conflict }, "conflict records")
        #expect(lastSeq > 30)
        for excludeOwn in [false, true] {
            for limit in [1, 2, 5, 1_000] {
                for after in 0...lastSeq {
                    let query = PullQuery(
                        tenantID: tenant.id, userID: userID, deviceID: Self.deviceA, role: .manager, after: after,
                        limit: limit, excludeOwn: excludeOwn)
                    // A store opened afresh has nothing in its tail: its page is the log's.
                    let log = try SQLiteLogStore(path: String(server.database.dropFirst("sqlite:".count)))
                    let expected = try await log.pull(query)
                    #expect(try await store.pull(query) == expected, "after \(after), limit \(limit)")
                }
            }
        }
        #expect(
            store.tail.scan(tenantID: tenant.id, after: lastSeq - 4, limit: 1_000, through: lastSeq, revision: 0)
                != nil,
            "the other process's rows joined the tail once a pull read them from the log")

        // An operator repairs a row in SQL while the server runs: the next pull has the repair.
        let file = try DatabaseQueue(path: String(server.database.dropFirst("sqlite:".count)))
        try await file.write { db in
            try db.execute(
                sql: "UPDATE changes SET value = '\"repaired\"' WHERE tenant_id = ? AND seq = ?",
                arguments: [tenant.id, lastSeq - 1])
        }
        let query = PullQuery(
            tenantID: tenant.id, userID: userID, deviceID: Self.deviceA, role: .manager, after: lastSeq - 4,
            limit: 1_000, excludeOwn: false)
        let repaired = try await store.pull(query)
        #expect(repaired.changes.first { $0.seq == lastSeq - 1 }?.valueJSON == "\"repaired\"")
        #expect(
            repaired == (try await SQLiteLogStore(path: String(server.database.dropFirst("sqlite:".count))).pull(query))
        )
    }

    /// The SQLite store records a push's rows in the tail before its group's COMMIT; when that
    /// COMMIT fails, the rows go again before anything else is written, so the push that then
    /// takes the same seqs is what pulls read, not the one that failed.
    @Test func rowsOfAGroupThatFailedToCommitAreNeverPulled() async throws {
        let fixture = try await GroupCommitTests.Fixture.make(devices: 2)
        defer { fixture.cleanUp() }
        let store = fixture.store
        let (first, second) = (fixture.devices[0], fixture.devices[1])
        _ = try await store.push(fixture.batch(first, fixture.changes(first, from: 1, count: 3)))

        // A write that makes its group's COMMIT fail (a foreign key checked only at COMMIT), and
        // a push queued into the same group behind it.
        let held = await fixture.holdGroup()
        let failing = Task { [committer = store.committer] in
            try await committer.write { db in
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                try db.execute(
                    sql: """
                        INSERT INTO users (tenant_id, id, name, role, password_hash, created_at)
                        VALUES ('no-such-tenant', 'u', 'u', 'rep', 'x', 0)
                        """)
            }
        }
        await store.committer.waitUntilQueued(1)
        let lost = Task { try await store.push(fixture.batch(second, fixture.changes(second, from: 1, count: 3))) }
        await store.committer.waitUntilQueued(2)
        held.release.signal()
        try await held.task.value
        await #expect(throws: (any Error).self) { try await failing.value }
        await #expect(throws: (any Error).self) { try await lost.value }

        // The same device seqs again, other content: they take the seqs the failed group had.
        let kept = fixture.changes(second, from: 1, count: 3)
        _ = try await store.push(fixture.batch(second, kept))
        let query = PullQuery(
            tenantID: fixture.tenant.id, userID: fixture.userID, deviceID: first, role: .manager, after: 0,
            limit: 1_000, excludeOwn: false)
        let page = try await store.pull(query)
        #expect(page.changes.map(\.changeID).suffix(3) == kept.map(\.changeID))
        #expect(page == (try await SQLiteLogStore(path: fixture.store.writer.path).pull(query)))
    }
}
