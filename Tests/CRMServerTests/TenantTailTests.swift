// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

@testable import CRMServer

/// The in-memory tail of each tenant's log (`TenantTail`): whatever order true rows arrive in, a
/// scan gives exactly the rows the log's read gives in the same snapshot, or nil.
@Suite struct TenantTailTests {
    /// A log of `count` rows in local transactions of one to four rows, by three devices.
    static func log(_ count: Int, seed: UInt64) -> [StoredChange] {
        var generator = SplitMix64(seed: seed)
        var rows: [StoredChange] = []
        var txID: Int64 = 0
        while rows.count < count {
            txID += 1
            let device = "device-\(Int.random(in: 0..<3, using: &generator))"
            for _ in 0..<Int.random(in: 1...4, using: &generator) where rows.count < count {
                let seq = Int64(rows.count + 1)
                rows.append(
                    StoredChange(
                        seq: seq, changeID: "change-\(seq)", deviceID: device, deviceSeq: seq, txID: txID,
                        hlc: "hlc-\(seq)", baseHLC: nil, entity: "contact", entityID: "c\(seq % 7)", op: .set,
                        field: "name", valueJSON: "\"\(seq)\"", userID: "user", scope: nil))
            }
        }
        return rows
    }

    /// The rows `SQLiteLogStore.pull(in:_:)` reads from the log: the first `limit` after `after`,
    /// then on to the end of the last one's transaction, none past `lastSeq`.
    static func expected(_ log: [StoredChange], after: Int64, limit: Int, lastSeq: Int64) -> [StoredChange] {
        let visible = log.filter { $0.seq > after && $0.seq <= lastSeq }
        var rows = Array(visible.prefix(limit))
        guard rows.count == limit, let last = rows.last else { return rows }
        rows += visible.dropFirst(limit).prefix { $0.deviceID == last.deviceID && $0.txID == last.txID }
        return rows
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64]) func aScanIsTheLogsReadOrNil(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let log = Self.log(300, seed: seed)
        let tail = TenantTail(rowsPerTenant: 128, rowBudget: 1_000)
        var hits = 0
        // Runs of true rows in any order, some overlapping, some far apart, as pushes and page
        // reads record them; after each, scans at random cursors, limits and snapshot ends.
        for _ in 0..<200 {
            let from = Int.random(in: 0..<log.count, using: &generator)
            let to = min(log.count, from + Int.random(in: 1...40, using: &generator))
            tail.record(Array(log[from..<to]), tenantID: "acme", revision: 0)
            for _ in 0..<10 {
                let lastSeq = Int64.random(in: 0...Int64(log.count), using: &generator)
                let after = Int64.random(in: 0...lastSeq, using: &generator)
                let limit = Int.random(in: 1...20, using: &generator)
                guard let rows = tail.rows(tenantID: "acme", after: after, limit: limit, through: lastSeq, revision: 0)
                else {
                    continue
                }
                hits += 1
                #expect(rows == Self.expected(log, after: after, limit: limit, lastSeq: lastSeq))
            }
            #expect(
                tail.rows(tenantID: "globex", after: 0, limit: 5, through: 10, revision: 0) == nil,
                "another tenant's rows")
        }
        #expect(hits > 100, "the scans must mostly be answered from the tail to test anything")
    }

    @Test func theNextPushesGrowTheRunAndAPullOfThemEndsAtItsTransaction() {
        let log = Self.log(40, seed: 9)
        let tail = TenantTail()
        for start in stride(from: 0, to: 40, by: 5) {
            tail.record(Array(log[start..<start + 5]), tenantID: "acme", revision: 0)
        }
        #expect(tail.rowCount == 40)
        for after in 0...Int64(40) {
            #expect(
                tail.rows(tenantID: "acme", after: after, limit: 3, through: 40, revision: 0)
                    == Self.expected(log, after: after, limit: 3, lastSeq: 40))
        }
        #expect(
            tail.rows(tenantID: "acme", after: 5, limit: 3, through: 41, revision: 0) == nil, "a row not recorded yet")
        #expect(
            tail.rows(tenantID: "acme", after: 41, limit: 3, through: 40, revision: 0) == nil, "a cursor past the end")
        #expect(tail.rows(tenantID: "acme", after: 40, limit: 3, through: 40, revision: 0) == [], "nothing new")
    }

    /// Rows changed behind the server's back raise the tenant's log revision: a run of an older
    /// one is never answered from, and gives way to rows of the newer one.
    @Test func aRunOfAnotherRevisionIsNotAnswered() {
        let log = Self.log(20, seed: 6)
        let tail = TenantTail()
        tail.record(Array(log[0..<10]), tenantID: "acme", revision: 0)
        #expect(tail.rows(tenantID: "acme", after: 0, limit: 5, through: 10, revision: 0) != nil)
        #expect(tail.rows(tenantID: "acme", after: 0, limit: 5, through: 10, revision: 1) == nil)
        tail.record(Array(log[5..<20]), tenantID: "acme", revision: 1)
        #expect(tail.rows(tenantID: "acme", after: 0, limit: 5, through: 10, revision: 1) == nil, "replaced")
        #expect(
            tail.rows(tenantID: "acme", after: 5, limit: 5, through: 20, revision: 1)
                == Self.expected(log, after: 5, limit: 5, lastSeq: 20))
        tail.record(Array(log[0..<20]), tenantID: "acme", revision: 0)
        #expect(tail.rows(tenantID: "acme", after: 0, limit: 5, through: 20, revision: 0) == nil, "an older revision")
        #expect(tail.rowCount == 15)
    }

    /// What a PostgreSQL pull takes from the tail before its statement knows the snapshot: every
    /// held row past the cursor, at the revision they were held at (`PostgresTailPart`).
    @Test func aSuffixIsEveryHeldRowPastTheCursor() throws {
        let log = Self.log(30, seed: 8)
        let tail = TenantTail()
        tail.record(Array(log[10..<30]), tenantID: "acme", revision: 3)
        for after in Int64(10)...30 {
            let held = try #require(tail.suffix(tenantID: "acme", after: after))
            #expect(Array(held.rows) == Array(log[Int(after)..<30]))
            #expect(held.revision == 3)
        }
        #expect(tail.suffix(tenantID: "acme", after: 9) == nil, "the run does not reach back to the cursor")
        #expect(tail.suffix(tenantID: "acme", after: 31) == nil, "a cursor past the run")
        #expect(tail.suffix(tenantID: "globex", after: 10) == nil, "another tenant's rows")

        // The part a pull of `limit` rows takes: some rows, and fewer than a page.
        let part = try #require(PostgresTailPart(tail: tail, tenantID: "acme", after: 25, limit: 10))
        #expect(part.heldCount == 5)
        #expect(part.readsAfter == 30 && part.readLimit == 5 && part.revision == 3)
        #expect(part.used(tenantID: "acme", revision: 3))
        #expect(!part.used(tenantID: "acme", revision: 4) && !part.used(tenantID: "globex", revision: 3))
        #expect(PostgresTailPart(tail: tail, tenantID: "acme", after: 25, limit: 5) == nil, "a page's worth held")
        #expect(PostgresTailPart(tail: tail, tenantID: "acme", after: 30, limit: 5) == nil, "nothing held past it")
    }

    @Test func aBudgetOfNoRowsKeepsNothing() {
        let log = Self.log(10, seed: 4)
        let tail = TenantTail(rowBudget: 0)
        tail.record(log, tenantID: "acme", revision: 0)
        #expect(tail.rowCount == 0)
        #expect(tail.rows(tenantID: "acme", after: 0, limit: 5, through: 10, revision: 0) == nil)
    }

    @Test func rowsThatAreNotConsecutiveAreIgnored() {
        let log = Self.log(10, seed: 3)
        let tail = TenantTail()
        tail.record([log[0], log[2]], tenantID: "acme", revision: 0)
        tail.record([log[3], log[2]], tenantID: "acme", revision: 0)
        tail.record([], tenantID: "acme", revision: 0)
        #expect(tail.rowCount == 0)
        #expect(tail.rows(tenantID: "acme", after: 0, limit: 5, through: 3, revision: 0) == nil)
    }

    @Test func aRunKeepsItsNewestRowsAndTheBudgetDropsTheTenantsTouchedLongestAgo() {
        let log = Self.log(100, seed: 5)
        let tail = TenantTail(rowsPerTenant: 20, rowBudget: 50)
        tail.record(Array(log[0..<100]), tenantID: "acme", revision: 0)
        #expect(tail.rowCount == 20, "only the newest rows a tenant")
        #expect(tail.rows(tenantID: "acme", after: 80, limit: 100, through: 100, revision: 0) == Array(log[80..<100]))
        #expect(tail.rows(tenantID: "acme", after: 79, limit: 100, through: 100, revision: 0) == nil, "dropped")
        tail.record(Array(log[0..<20]), tenantID: "globex", revision: 0)
        #expect(
            tail.rows(tenantID: "acme", after: 90, limit: 5, through: 100, revision: 0) != nil, "touched: acme is newer"
        )
        tail.record(Array(log[0..<20]), tenantID: "initech", revision: 0)
        #expect(tail.rowCount <= 50)
        #expect(
            tail.rows(tenantID: "globex", after: 0, limit: 5, through: 20, revision: 0) == nil,
            "the oldest touched, dropped")
        #expect(tail.rows(tenantID: "acme", after: 90, limit: 5, through: 100, revision: 0) != nil)
        #expect(tail.rows(tenantID: "initech", after: 0, limit: 5, through: 20, revision: 0) != nil)
    }
}

extension TenantTail {
    /// `scan` as an array, to compare with the log's rows.
    func rows(tenantID: String, after: Int64, limit: Int, through lastSeq: Int64, revision: Int64) -> [StoredChange]? {
        scan(tenantID: tenantID, after: after, limit: limit, through: lastSeq, revision: revision).map(Array.init)
    }
}
