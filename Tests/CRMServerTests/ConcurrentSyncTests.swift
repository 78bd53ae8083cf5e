// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

/// SYNC.md 2 scenario 9 in small: concurrent pushers and a puller over a live socket; the puller
/// sees every committed change exactly once and seqs have no gaps.
@Suite struct ConcurrentSyncTests {
    @Test func concurrentPushersAndAPullerSeeEveryChangeOnceOnSQLite() async throws {
        try await concurrentPushersAndAPullerSeeEveryChangeOnce(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func concurrentPushersAndAPullerSeeEveryChangeOnceOnPostgreSQL() async throws {
        try await concurrentPushersAndAPullerSeeEveryChangeOnce(backend: .postgres)
    }

    func concurrentPushersAndAPullerSeeEveryChangeOnce(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let pushers = 4
        let pushesEach = 15
        try await server.app().test(.live) { client in
            var loggedIn: [TestDevice] = []
            for _ in 0..<pushers { loggedIn.append(try await client.login()) }
            let devices = loggedIn
            let reader = try await client.login(user: "agent")
            let expected = try await withThrowingTaskGroup(of: [String].self) { group in
                for device in devices {
                    group.addTask {
                        var ids: [String] = []
                        for push in 0..<pushesEach {
                            let seqs = (Int64(push * 3 + 1)...Int64(push * 3 + 3))
                            let changes = seqs.map { device.change(entityID: newID(), seq: $0) }
                            let response = try await client.push(device, device.push(changes))
                            #expect(response.status == .ok)
                            ids += changes.map(\.changeID)
                        }
                        return ids
                    }
                }
                group.addTask {
                    var seen: [String] = []
                    var cursor: Int64 = 0
                    for _ in 0..<400 {
                        let page = try Wire.decode(
                            PullResponse.self, try await client.pull(reader, after: cursor, limit: 7))
                        seen += page.changes.map(\.changeID)
                        cursor = page.nextAfter
                        if seen.count >= pushers * pushesEach * 3 { break }
                        if !page.hasMore { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    return seen.map { "seen:" + $0 }
                }
                var all: [String] = []
                for try await ids in group { all += ids }
                return all
            }
            let pushed = expected.filter { !$0.hasPrefix("seen:") }
            let seen = expected.filter { $0.hasPrefix("seen:") }.map { String($0.dropFirst(5)) }
            #expect(seen.count == pushed.count, "puller saw \(seen.count) of \(pushed.count)")
            #expect(Set(seen) == Set(pushed))
            let all = try await client.pullAll(reader)
            #expect(all.compactMap(\.seq) == Array(1...Int64(pushed.count)))
        }
    }
}
