// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import CRMServer

/// Two instances on one PostgreSQL database, each with its own tail (`PostgresTailPart`): their
/// pulls give the pages the log gives, for every cursor and page size, with rows pushed through
/// either instance; the tail is what answers them; and a row repaired in SQL reaches the next pull.
@Suite(Backend.postgresRequired) struct PostgresTailPartTests {
    /// Tenant "acme", its manager's sessions on devices A and B, and a second instance.
    struct Fixture {
        let server: TestServer
        let first: PostgresLogStore
        let second: PostgresLogStore
        /// A store with no tail: its pages are the log's own.
        let log: PostgresLogStore
        let tenant: TenantRecord
        let userID: String
        /// The token hash of each device's session.
        let tokens: [String: String]

        static func make() async throws -> Fixture {
            let server = try await TestServer.make(.postgres)
            let first = try #require(server.store as? PostgresLogStore)
            let second = try #require(try Backend.open(server.database) as? PostgresLogStore)
            var logger = Logger(label: "crm-test-postgres")
            logger.logLevel = .error
            let log = try PostgresLogStore(
                url: server.database, maximumConnections: 2, pullCacheRows: 0, logger: logger)
            let tenant = try #require(server.tenants["acme"])
            let userID = try #require(try await first.userID(tenantID: tenant.id, name: "manager"))
            var tokens: [String: String] = [:]
            for device in [PushCase.deviceA, PushCase.deviceB] {
                let token = UUID().uuidString
                try await first.createSession(
                    SessionRecord(
                        tokenHash: token, tenantID: tenant.id, userID: userID, deviceID: device, role: .manager,
                        createdAt: 0, expiresAt: .max),
                    deviceName: device)
                tokens[device] = token
            }
            return Fixture(
                server: server, first: first, second: second, log: log, tenant: tenant, userID: userID, tokens: tokens)
        }

        func push(_ store: PostgresLogStore, _ device: String, _ changes: [WireChange]) async throws {
            _ = try await store.push(
                PushBatch(
                    tenantID: tenant.id, userID: userID, deviceID: device, role: .manager, epoch: tenant.epoch,
                    changes: changes, now: PushCase.start))
        }

        func query(after: Int64, limit: Int, excludeOwn: Bool = false) -> PullQuery {
            PullQuery(
                tenantID: tenant.id, userID: userID, deviceID: PushCase.deviceA, role: .manager, after: after,
                limit: limit, excludeOwn: excludeOwn)
        }

        /// Device A's authenticated pull through `store`.
        func sessionPull(_ store: PostgresLogStore, _ query: PullQuery) async throws -> PullPage? {
            let request = SessionPull.Request(
                tokenHash: try #require(tokens[PushCase.deviceA]), now: PushCase.start, after: query.after,
                limit: query.limit, excludeOwn: query.excludeOwn)
            return try await store.sessionPull(request).page
        }

        /// The log's own page.
        func logPage(_ query: PullQuery) async throws -> PullPage {
            try await log.pull(query)
        }

        func lastSeq() async throws -> Int64 {
            try #require(try await first.tenant(named: "acme")?.lastSeq)
        }

        func execute(_ text: String) async throws {
            try await first.withSQL { sql in try await sql.run(PostgresQuery(unsafeSQL: text)) }
        }
    }

    /// Pushes through both instances, in local transactions of one to four changes, with conflicts.
    static func pushRounds(_ fixture: Fixture, rounds: Range<Int>, seqs: inout [String: Int64]) async throws {
        let fields = ["name", "phone", "email", "title"]
        for round in rounds {
            let millis = Int64(round * 10)
            let forA = TenantTailStoreTests.transaction(
                PushCase.deviceA, from: seqs[PushCase.deviceA, default: 1], "c\(round % 2)",
                fields: Array(fields.prefix(1 + round % 4)), base: nil, at: millis + 1)
            try await fixture.push(fixture.first, PushCase.deviceA, forA)
            seqs[PushCase.deviceA, default: 1] += Int64(forA.count)
            let forB = TenantTailStoreTests.transaction(
                PushCase.deviceB, from: seqs[PushCase.deviceB, default: 1], "c\(round % 2)",
                fields: Array(fields.prefix(2)), base: 0, at: millis)
            try await fixture.push(fixture.second, PushCase.deviceB, forB)
            seqs[PushCase.deviceB, default: 1] += Int64(forB.count)
        }
    }

    @Test func pullsOfEitherInstanceAreTheLogsPages() async throws {
        let fixture = try await Fixture.make()
        defer { fixture.server.cleanUp() }
        var seqs: [String: Int64] = [:]
        // Pulls between the rounds fill both tails with the rows of both instances.
        for round in 0..<6 {
            try await Self.pushRounds(fixture, rounds: round..<(round + 1), seqs: &seqs)
            for store in [fixture.first, fixture.second] {
                _ = try await fixture.sessionPull(store, fixture.query(after: 0, limit: 1_000))
            }
        }
        #expect(fixture.first.tail.rowCount > 0 && fixture.second.tail.rowCount > 0)
        let lastSeq = try await fixture.lastSeq()
        #expect(lastSeq > 30)
        for excludeOwn in [false, true] {
            for limit in [1, 5, 1_000] {
                for after in 0...lastSeq {
                    let query = fixture.query(after: after, limit: limit, excludeOwn: excludeOwn)
                    let expected = try await fixture.logPage(query)
                    for store in [fixture.first, fixture.second] {
                        #expect(try await store.pull(query) == expected, "after \(after), limit \(limit)")
                        #expect(
                            try await fixture.sessionPull(store, query) == expected, "after \(after), limit \(limit)")
                    }
                }
            }
        }
        #expect(
            fixture.first.tokenTenants.tenant(of: try #require(fixture.tokens[PushCase.deviceA])) == fixture.tenant.id)
    }

    @Test func theTailAnswersAndARepairInSQLReachesTheNextPull() async throws {
        let fixture = try await Fixture.make()
        defer { fixture.server.cleanUp() }
        var seqs: [String: Int64] = [:]
        try await Self.pushRounds(fixture, rounds: 0..<4, seqs: &seqs)
        let lastSeq = try await fixture.lastSeq()
        let query = fixture.query(after: lastSeq - 4, limit: 1_000)
        // The first pull reads the rows and holds them; the second pull's part is in the tail.
        _ = try await fixture.sessionPull(fixture.first, fixture.query(after: 0, limit: 1_000))
        let held = try #require(await fixture.sessionPull(fixture.first, query))
        #expect(held == (try await fixture.logPage(query)))

        // A row changed with the triggers off leaves the revision as it was: the instance still
        // answers the held row, which shows the page came from its tail and not from the log.
        try await fixture.execute("ALTER TABLE changes DISABLE TRIGGER USER")
        try await fixture.execute(
            "UPDATE changes SET value = '\"unseen\"' WHERE tenant_id = '\(fixture.tenant.id)' AND seq = \(lastSeq - 1)")
        try await fixture.execute("ALTER TABLE changes ENABLE TRIGGER USER")
        let fromTail = try #require(await fixture.sessionPull(fixture.first, query))
        #expect(fromTail.changes.first { $0.seq == lastSeq - 1 }?.valueJSON != "\"unseen\"")
        #expect(try await fixture.logPage(query).changes.first { $0.seq == lastSeq - 1 }?.valueJSON == "\"unseen\"")

        // An operator's repair raises the tenant's log revision: both ways of pulling have it at once.
        try await fixture.execute(
            "UPDATE changes SET value = '\"repaired\"' WHERE tenant_id = '\(fixture.tenant.id)' AND seq = \(lastSeq - 1)"
        )
        let expected = try await fixture.logPage(query)
        #expect(expected.changes.first { $0.seq == lastSeq - 1 }?.valueJSON == "\"repaired\"")
        #expect(try await fixture.sessionPull(fixture.first, query) == expected)
        #expect(try await fixture.first.pull(query) == expected)

        // More rows after the repair join the tail at the new revision and are pulled as pushed.
        try await Self.pushRounds(fixture, rounds: 4..<6, seqs: &seqs)
        for after in [lastSeq - 4, lastSeq, try await fixture.lastSeq() - 1] {
            let later = fixture.query(after: after, limit: 1_000)
            #expect(try await fixture.sessionPull(fixture.first, later) == (try await fixture.logPage(later)))
        }
    }

    /// A pull whose statement saw the log up to some seq, while another pull of the same instance
    /// recorded newer rows before this one took its page from the tail: the page ends where its
    /// snapshot did.
    @Test func aPageFromTheTailEndsAtItsSnapshot() async throws {
        let fixture = try await Fixture.make()
        defer { fixture.server.cleanUp() }
        var seqs: [String: Int64] = [:]
        try await Self.pushRounds(fixture, rounds: 0..<3, seqs: &seqs)
        let lastSeq = try await fixture.lastSeq()
        _ = try await fixture.sessionPull(fixture.first, fixture.query(after: 0, limit: 1_000))
        let query = fixture.query(after: lastSeq - 5, limit: 1_000)
        let part = try #require(
            PostgresTailPart(tail: fixture.first.tail, tenantID: fixture.tenant.id, after: lastSeq - 5, limit: 1_000))
        #expect(part.heldCount == 5 && part.readsAfter == lastSeq)
        // The statement's snapshot: the head at `lastSeq`, nothing read past the held rows.
        let read = try await fixture.first.withSQL { sql in
            try await sql.first(
                PostgresPullStatement(tenantID: fixture.tenant.id, after: lastSeq - 5, limit: 1_000, part: part))
        }
        let (head, revision, _, rows) = try #require(read)
        #expect(head.lastSeq == lastSeq && rows.isEmpty)

        // Meanwhile more rows are pushed, and another pull of this instance records them.
        try await Self.pushRounds(fixture, rounds: 3..<5, seqs: &seqs)
        _ = try await fixture.sessionPull(fixture.first, fixture.query(after: lastSeq, limit: 1_000))
        #expect(try #require(fixture.first.tail.suffix(tenantID: fixture.tenant.id, after: lastSeq)).rows.count > 0)

        let page = try await fixture.first.page(rows, after: part, head: head, revision: revision, query: query)
        #expect(page.changes.map(\.seq) == Array((lastSeq - 4)...lastSeq))
        #expect(page.nextAfter == lastSeq)
    }
}
