// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Testing

@testable import CRMServer

/// The tail of each tenant's log that pulls take from memory: what it holds, and that a pull
/// served from it is the page a read of the file gives.
@Suite struct PullTailCacheTests {
    static func row(_ seq: Int64, tenant: String = "t") -> StoredChange {
        StoredChange(
            seq: seq, changeID: "\(tenant)-\(seq)", deviceID: "d", deviceSeq: seq, txID: seq, hlc: "h\(seq)",
            baseHLC: nil, entity: "contact", entityID: "c", op: .set, field: "name", valueJSON: "\"v\(seq)\"",
            userID: "u")
    }

    static func rows(_ seqs: ClosedRange<Int64>) -> [StoredChange] { seqs.map { row($0) } }

    @Test func anEmptyRangeNeedsNoRows() {
        let cache = PullTailCache()
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 5, through: 5) == [])
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 4, through: 5) == [], "nothing held yet")
    }

    @Test func readsThatFollowOnAreJoinedAndServedBySlice() {
        let cache = PullTailCache()
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(1...3))
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(2...6))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 0, through: 6) == Self.rows(1...6))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 2, through: 4) == Self.rows(3...4))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 2, through: 7) == Self.rows(3...6), "7 is not held")
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 6, through: 7) == [])
    }

    @Test func olderReadsAreLeftOutAndAGapStartsAfresh() {
        let cache = PullTailCache()
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(10...12))
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(1...5))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 0, through: 5) == [], "a new device's first page")
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 9, through: 12) == Self.rows(10...12))
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(20...21))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 9, through: 12) == [])
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 19, through: 21) == Self.rows(20...21))
    }

    @Test func aReadWithAGapIsNotKept() {
        let cache = PullTailCache()
        cache.remember(tenantID: "t", epoch: "e", read: [Self.row(1), Self.row(3)])
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 0, through: 1) == [])
    }

    @Test func anotherEpochOrTenantIsAnotherLog() {
        let cache = PullTailCache()
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(1...3))
        #expect(cache.prefix(tenantID: "t", epoch: "f", after: 0, through: 3) == [])
        #expect(cache.prefix(tenantID: "u", epoch: "e", after: 0, through: 3) == [])
        cache.remember(tenantID: "t", epoch: "f", read: Self.rows(1...2))
        #expect(cache.prefix(tenantID: "t", epoch: "f", after: 0, through: 2) == Self.rows(1...2))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 0, through: 2) == [], "the new epoch replaced it")
    }

    @Test func memoryIsBoundedByRowsAndTenants() {
        let cache = PullTailCache(rowsPerTenant: 4, tenantLimit: 2)
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(1...3))
        cache.remember(tenantID: "t", epoch: "e", read: Self.rows(4...6))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 2, through: 6) == Self.rows(3...6))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 1, through: 6) == [], "seq 2 was dropped")
        cache.remember(tenantID: "u", epoch: "e", read: Self.rows(1...1))
        cache.remember(tenantID: "v", epoch: "e", read: Self.rows(1...1))
        #expect(cache.prefix(tenantID: "t", epoch: "e", after: 5, through: 6) == [], "a third tenant started afresh")
        #expect(cache.prefix(tenantID: "v", epoch: "e", after: 0, through: 1) == Self.rows(1...1))
    }

    /// Two devices push and pull in turns; every page the server's store answers (its tail filled
    /// by the pulls before) equals the page a store opened afresh on the same file reads, its tail
    /// empty.
    @Test func pullsFromTheTailEqualReadsOfTheFile() async throws {
        let server = try await TestServer.make(.sqlite)
        defer { server.cleanUp() }
        let sqlite = try #require(server.store as? SQLiteLogStore)
        let tenant = try #require(server.tenants["acme"])
        let userID = try #require(try await server.store.userID(tenantID: tenant.id, name: Role.manager.rawValue))
        let devices = [PushCase.deviceA, PushCase.deviceB]
        for device in devices {
            try await server.store.createSession(
                SessionRecord(
                    tokenHash: UUID().uuidString, tenantID: tenant.id, userID: userID, deviceID: device,
                    role: .manager, createdAt: 0, expiresAt: .max),
                deviceName: device)
        }
        var deviceSeqs = [Int64](repeating: 0, count: devices.count)
        var served = 0
        for round in 0..<6 {
            for (index, device) in devices.enumerated() {
                let changes = (0...(round % 3)).map { offset -> WireChange in
                    deviceSeqs[index] += 1
                    return PushCase.change(
                        device, deviceSeqs[index], "c\(round)-\(offset)", op: .create, field: nil,
                        value: .object(["name": .string("R\(round)")]), at: Int64(round * 10 + offset))
                }
                let batch = PushBatch(
                    tenantID: tenant.id, userID: userID, deviceID: device, role: .manager, epoch: tenant.epoch,
                    changes: changes, now: PushCase.start)
                _ = try await server.store.push(batch)
            }
            let lastSeq = try #require(try await server.store.tenant(named: "acme")?.lastSeq)
            for after in [0, lastSeq / 2, lastSeq - 2, lastSeq] {
                for (device, limit, excludeOwn) in [(devices[0], 1000, true), (devices[1], 3, false)] {
                    let query = PullQuery(
                        tenantID: tenant.id, userID: userID, deviceID: device, role: .manager, after: after,
                        limit: limit, excludeOwn: excludeOwn)
                    let held = sqlite.tailCache.prefix(
                        tenantID: tenant.id, epoch: tenant.epoch, after: after, through: min(after + 3, lastSeq))
                    if !held.isEmpty { served += 1 }
                    let file = try SQLiteLogStore(path: String(server.database.dropFirst("sqlite:".count)))
                    #expect(try await server.store.pull(query) == file.pull(query), "round \(round), after \(after)")
                }
            }
        }
        #expect(served > 10, "pulls were served from the tail, not only read")
        let fromMemory = sqlite.tailCache.served.load(ordering: .relaxed)
        let fromFile = sqlite.tailCache.readFromLog.load(ordering: .relaxed)
        #expect(fromMemory > 3 * fromFile, "rows from memory \(fromMemory), read from the file \(fromFile)")
    }
}
