// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

/// SYNC.md 2 scenario 9 across server instances.
///
/// Two servers, each with its own connection pool, on one PostgreSQL database, take concurrent
/// pushes for one tenant from several devices while a puller reads through both. The tenant row lock must make seqs gap-free and commit in order, so
/// the puller sees every change exactly once.
@Suite struct MultiInstanceTests {
    static let devices = 4
    static let pushesEach = 12
    static let changesPerPush = 3

    @Test(Backend.postgresRequired)
    func twoInstancesOnOnePostgresAssignGapFreeSeqsSeenOnce() async throws {
        let server = try await TestServer.make(.postgres)
        defer { server.cleanUp() }
        let secondStore = try Backend.open(server.database)
        try await secondStore.migrate()
        let first = server.app()
        let second = server.app(store: secondStore)
        try await first.test(.live) { one in
            try await second.test(.live) { two in
                try await Self.pushAndPull(through: [one, two])
            }
        }
    }

    static func pushAndPull(through servers: [any TestClientProtocol]) async throws {
        var loggedIn: [TestDevice] = []
        for index in 0..<devices { loggedIn.append(try await servers[index % 2].login()) }
        let devices = loggedIn
        let reader = try await servers[1].login(user: "agent")
        let total = devices.count * pushesEach * changesPerPush
        let (pushed, seen) = try await withThrowingTaskGroup(of: ([String], [String]).self) { group in
            for (index, device) in devices.enumerated() {
                group.addTask { (try await push(device, alternating: servers, offset: index), []) }
            }
            group.addTask { ([], try await pull(reader, alternating: servers, until: total)) }
            var pushed: [String] = []
            var seen: [String] = []
            for try await (ids, read) in group {
                pushed += ids
                seen += read
            }
            return (pushed, seen)
        }
        #expect(pushed.count == total)
        #expect(seen.count == total, "the puller saw \(seen.count) changes of \(total)")
        #expect(Set(seen) == Set(pushed) && Set(seen).count == seen.count, "every change exactly once")
        for server in servers {
            let all = try await server.pullAll(reader)
            #expect(all.compactMap(\.seq) == Array(1...Int64(total)), "seqs are 1…\(total) without gaps")
        }
    }

    /// One device's pushes, sent to the servers in turn; returns the pushed change ids.
    static func push(_ device: TestDevice, alternating servers: [any TestClientProtocol], offset: Int)
        async throws -> [String]
    {
        var ids: [String] = []
        for push in 0..<pushesEach {
            let first = Int64(push * changesPerPush + 1)
            let changes = (first..<first + Int64(changesPerPush)).map { device.change(entityID: newID(), seq: $0) }
            let response = try await servers[(push + offset) % servers.count].push(device, device.push(changes))
            #expect(response.status == .ok, "push \(push): \(String(buffer: response.body))")
            let ack = try Wire.decode(PushResponse.self, response)
            #expect(ack.seqTo.map { $0 - (ack.seqFrom ?? 0) + 1 } == Int64(changesPerPush))
            ids += changes.map(\.changeID)
        }
        return ids
    }

    /// Pulls small pages through the servers in turn until `total` changes arrived (or time runs out).
    static func pull(_ reader: TestDevice, alternating servers: [any TestClientProtocol], until total: Int)
        async throws -> [String]
    {
        var seen: [String] = []
        var cursor: Int64 = 0
        for round in 0..<2000 where seen.count < total {
            let response = try await servers[round % servers.count].pull(reader, after: cursor, limit: 5)
            let page = try Wire.decode(PullResponse.self, response)
            seen += page.changes.map(\.changeID)
            cursor = page.nextAfter
            if !page.hasMore { try await Task.sleep(for: .milliseconds(5)) }
        }
        return seen
    }
}
