// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import GRDB
import Testing

@testable import CRMServer

/// The SQLite store's group commit (`SQLiteGroupCommitter`): many concurrent pushes share
/// transactions, yet each push keeps the semantics of its own transaction (SYNC.md 3.6).
///
/// Each test first holds one group open (a write that blocks until released), waits until every
/// push it started is queued behind it (`waitUntilQueued`), then releases it: the queued pushes
/// provably land in one group, on a loaded machine as on an idle one, with no sleep and no timing.
@Suite struct GroupCommitTests {
    /// A store on a temp file, one tenant, `devices` registered devices of one user.
    struct Fixture {
        let directory: URL
        let store: SQLiteLogStore
        let tenant: TenantRecord
        let userID: String
        let devices: [String]

        static func make(devices count: Int) async throws -> Fixture {
            let server = try await TestServer.make(.sqlite)
            let store = try #require(server.store as? SQLiteLogStore)
            let tenant = try #require(server.tenants["acme"])
            let userID = try #require(try await store.userID(tenantID: tenant.id, name: "manager"))
            var devices: [String] = []
            for _ in 0..<count {
                let device = UUID().uuidString.lowercased()
                try await store.createSession(
                    SessionRecord(
                        tokenHash: UUID().uuidString, tenantID: tenant.id, userID: userID, deviceID: device,
                        role: .manager, createdAt: 0, expiresAt: .max),
                    deviceName: "pusher")
                devices.append(device)
            }
            return Fixture(directory: server.directory, store: store, tenant: tenant, userID: userID, devices: devices)
        }

        func cleanUp() { try? FileManager.default.removeItem(at: directory) }

        /// `count` fresh contact edits of `device`, numbered from `from`.
        func changes(_ device: String, from: Int64, count: Int, hlc: String? = nil) -> [WireChange] {
            (from..<from + Int64(count)).map { seq in
                WireChange(
                    changeID: RecordID.make().rawValue, deviceSeq: seq, txID: seq,
                    hlc: hlc ?? HLC(millis: 1_700_000_000_000 + seq, counter: 0).wire(deviceID: device),
                    baseHLC: nil, entity: "contact", entityID: RecordID.make().rawValue, op: .set, field: "name",
                    value: .string("Ada \(seq)"))
            }
        }

        func batch(_ device: String, _ changes: [WireChange]) -> PushBatch {
            PushBatch(
                tenantID: tenant.id, userID: userID, deviceID: device, epoch: tenant.epoch, changes: changes,
                now: 1_700_000_000_000)
        }

        /// A write through the committer that keeps its group's transaction open until released.
        ///
        /// Returns once that write is running, so every write started from now on queues behind it.
        func holdGroup() async -> HeldGroup {
            let (running, signal) = AsyncStream<Void>.makeStream()
            let release = DispatchSemaphore(value: 0)
            let task = Task { [committer = store.committer] in
                try await committer.write { _ in
                    signal.yield()
                    release.wait()
                }
            }
            for await _ in running { break }
            return HeldGroup(release: release, task: task)
        }

        /// Starts `work` in the background, waits until `queued` writes wait behind the held group,
        /// then releases it and returns what `work` returned.
        func queueBehindHeldGroup<T: Sendable>(
            _ queued: Int, _ work: @escaping @Sendable () async throws -> T
        ) async throws -> T {
            let held = await holdGroup()
            let started = Task { try await work() }
            await store.committer.waitUntilQueued(queued)
            held.release.signal()
            try await held.task.value
            return try await started.value
        }

        /// The held write: `release` lets it finish, `task` ends when its group committed.
        struct HeldGroup {
            /// Signalled to let the held write finish and its group commit.
            let release: DispatchSemaphore
            let task: Task<Void, any Error>
        }

        /// The whole log of the tenant, in seq order.
        func log() async throws -> [WireChange] {
            var all: [WireChange] = []
            var after: Int64 = 0
            for _ in 0..<1000 {
                let page = try await store.pull(
                    PullQuery(
                        tenantID: tenant.id, userID: "reader", deviceID: "reader", role: .manager, after: after,
                        limit: 1000,
                        excludeOwn: false))
                all += page.changes.map(\.wireChange)
                after = page.nextAfter
                if !page.hasMore { break }
            }
            return all
        }
    }

    @Test func everyAcknowledgedChangeIsStoredOnceWithConsecutiveSeqs() async throws {
        let fixture = try await Fixture.make(devices: 40)
        defer { fixture.cleanUp() }
        let pushesEach = 5
        // Each device pushes its batches in order; every first push is re-sent once (a lost answer).
        // The first pushes of all 40 devices queue behind the held group before it is released.
        let acknowledged = try await fixture.queueBehindHeldGroup(fixture.devices.count) {
            try await withThrowingTaskGroup(of: [String].self) { group in
                for device in fixture.devices {
                    group.addTask {
                        var ids: [String] = []
                        for push in 0..<pushesEach {
                            let changes = fixture.changes(device, from: Int64(push * 3 + 1), count: 3)
                            let outcome = try await fixture.store.push(fixture.batch(device, changes))
                            #expect(outcome.acceptedThrough == Int64(push * 3 + 3))
                            if push == 0 {
                                let again = try await fixture.store.push(fixture.batch(device, changes))
                                #expect(again.acceptedThrough == 3 && again.seqFrom == nil)
                            }
                            ids += changes.map(\.changeID)
                        }
                        return ids
                    }
                }
                var all: [String] = []
                for try await ids in group { all += ids }
                return all
            }
        }
        let log = try await fixture.log()
        #expect(log.count == acknowledged.count, "log holds \(log.count) of \(acknowledged.count)")
        #expect(Set(log.map(\.changeID)) == Set(acknowledged))
        #expect(log.compactMap(\.seq) == Array(1...Int64(acknowledged.count)))
        let statistics = fixture.store.committer.statistics
        #expect(
            statistics.largestGroup == fixture.devices.count, "the queued pushes shared a transaction: \(statistics)")
        #expect(statistics.groups < statistics.writes)
    }

    @Test func aRefusedPushInAGroupRollsBackAloneAndGetsItsOwnError() async throws {
        let fixture = try await Fixture.make(devices: 12)
        defer { fixture.cleanUp() }
        let devices = fixture.devices
        enum Kind: Sendable { case valid, gap, halfApplied }
        // Device 3 skips device_seq 1 (a gap); device 7 sends a valid change then a malformed
        // one, which fails after the first was already inserted in the group's transaction.
        let kinds: [Kind] = devices.indices.map { $0 == 3 ? .gap : $0 == 7 ? .halfApplied : .valid }
        let before = fixture.store.committer.statistics
        let results = try await fixture.queueBehindHeldGroup(devices.count) {
            await withTaskGroup(of: (Int, Result<PushOutcome, any Error>).self) { group in
                for (index, device) in devices.enumerated() {
                    group.addTask {
                        let changes: [WireChange] =
                            switch kinds[index] {
                            case .valid: fixture.changes(device, from: 1, count: 4)
                            case .gap: fixture.changes(device, from: 2, count: 4)
                            case .halfApplied:
                                fixture.changes(device, from: 1, count: 1)
                                    + fixture.changes(device, from: 2, count: 1, hlc: "not an hlc")
                            }
                        do {
                            return (index, .success(try await fixture.store.push(fixture.batch(device, changes))))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                var all: [Int: Result<PushOutcome, any Error>] = [:]
                for await (index, result) in group { all[index] = result }
                return all
            }
        }
        for (index, result) in results {
            switch (kinds[index], result) {
            case (.valid, .success(let outcome)): #expect(outcome.acceptedThrough == 4)
            case (.gap, .failure(let error)):
                #expect(error as? StoreError == .deviceSeqGap(expected: 1, got: 2))
            case (.halfApplied, .failure(let error)):
                guard case .invalidBatch = error as? StoreError else {
                    Issue.record("device \(index): expected invalid_batch, got \(error)")
                    continue
                }
            default: Issue.record("device \(index) (\(kinds[index])): unexpected \(result)")
            }
        }
        let log = try await fixture.log()
        let refused = Set([devices[3], devices[7]])
        #expect(log.count == 10 * 4, "only the ten valid pushes are stored")
        #expect(log.allSatisfy { !refused.contains($0.deviceID ?? "") }, "nothing of a refused push is stored")
        #expect(log.compactMap(\.seq) == Array(1...40), "the refused pushes left no hole in the seqs")
        // Two groups: the held write's, then all twelve pushes, the two refused ones among them.
        let statistics = fixture.store.committer.statistics
        #expect(statistics.groups == before.groups + 2, "\(before) → \(statistics)")
        #expect(statistics.largestGroup == devices.count, "the refused pushes shared a group with valid ones")
        // The refused devices' counters did not move: their correct retry is accepted from 1.
        let retried = fixture.batch(devices[3], fixture.changes(devices[3], from: 1, count: 2))
        let retry = try await fixture.store.push(retried)
        #expect(retry.acceptedThrough == 2 && retry.seqFrom == 41 && retry.seqTo == 42)
    }

    @Test func aLoneWriteCommitsWithoutWaitingForCompany() async throws {
        let fixture = try await Fixture.make(devices: 1)
        defer { fixture.cleanUp() }
        let device = fixture.devices[0]
        let before = fixture.store.committer.statistics
        let outcome = try await fixture.store.push(fixture.batch(device, fixture.changes(device, from: 1, count: 2)))
        #expect(outcome.seqFrom == 1 && outcome.seqTo == 2)
        // Answered from a group of its own: the committer did not hold it back for others.
        // (No wall-clock bound: the suite shares two cores, and a timing here only measures load.)
        let after = fixture.store.committer.statistics
        #expect(after.groups == before.groups + 1 && after.writes == before.writes + 1)
        let log = try await fixture.log()
        #expect(log.map(\.changeID).count == 2)
    }
}
