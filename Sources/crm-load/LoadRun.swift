// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import NIOCore
import NIOPosix

/// One load run: log every client in, sync for the planned duration, then verify the log.
struct LoadRun {
    let plan: LoadPlan
    /// Awaited when every client has logged in (or failed to), before the sync phase: a shard
    /// process reports its logins there and waits for the other shards (`ShardCoordinator`).
    var beforeSync: (@Sendable (_ loggedIn: Int) async -> Void)?

    /// What the run measured and what the verification found.
    struct Outcome: Sendable {
        var stats: LoadStats
        var loggedIn: Int
        var loginSeconds: Double
        var syncSeconds: Double
        var verifySeconds: Double
        var checks: [LogVerifier.TenantCheck]
        /// crm-load's own CPU seconds (user + system, every thread) during the sync phase.
        var syncCPUSeconds: Double = 0

        var verified: Bool { checks.allSatisfy(\.passed) }
    }

    /// Runs the load and the verification; throws only for a plan that cannot start or a failed
    /// verification pull (a refused request during the load is counted, not thrown).
    func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws(LoadError) -> Outcome {
        let stats = LoadStats()
        var outcome = try await drive(stats: stats, progress: progress)
        progress("sync phase over; verifying the log of \(plan.tenants) tenant(s)")
        let ended = NIODeadline.now()
        outcome.checks = try await Self.verify(plan: plan, ledger: stats.ledger)
        outcome.verifySeconds = Self.seconds(NIODeadline.now() - ended)
        return outcome
    }

    /// The logins and the sync phase, without the verification: every client on one of the
    /// plan's event loops (`LoadLane`), the sync phase started once every login has ended.
    func drive(stats: LoadStats, progress: @Sendable (String) -> Void = { _ in }) async throws(LoadError) -> Outcome {
        try plan.validate()
        let address: SocketAddress
        do { address = try SocketAddress.makeAddressResolvingHost(plan.host, port: plan.port) } catch {
            throw .connect("\(plan.host):\(plan.port): \(error)")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: plan.eventLoops)
        defer { group.shutdownGracefully { _ in } }
        let lanes = try await Self.lanes(plan: plan, stats: stats, address: address, group: group)
        let started = NIODeadline.now()
        progress(
            "starting \(plan.clients) clients in \(plan.tenants) tenant(s), \(plan.loginConcurrency) logins at a time")
        var loggedIn = 0
        for lane in lanes {
            loggedIn += (try? await lane.eventLoop.flatSubmit { lane.value.logIn() }.get()) ?? 0
        }
        if let beforeSync { await beforeSync(loggedIn) }
        let cpu = ProcessCPU.ownSeconds()
        let syncStart = NIODeadline.now()
        let end = syncStart + .nanoseconds(Int64(plan.duration * 1e9))
        let phases = lanes.map { lane in lane.eventLoop.flatSubmit { lane.value.sync(from: syncStart, until: end) } }
        for phase in phases { try? await phase.get() }
        let ended = NIODeadline.now()
        return Outcome(
            stats: stats, loggedIn: loggedIn, loginSeconds: Self.seconds(syncStart - started),
            syncSeconds: Self.seconds(ended - syncStart), verifySeconds: 0, checks: [],
            syncCPUSeconds: ProcessCPU.ownSeconds() - cpu)
    }

    /// One lane per event loop, client `i` on loop `i mod loops`; each made on its own loop.
    private static func lanes(
        plan: LoadPlan, stats: LoadStats, address: SocketAddress, group: MultiThreadedEventLoopGroup
    ) async throws(LoadError) -> [NIOLoopBound<LoadLane>] {
        let loops = Array(group.makeIterator())
        var lanes: [NIOLoopBound<LoadLane>] = []
        for (number, loop) in loops.enumerated() {
            let indexes = Array(stride(from: number, to: plan.clients, by: loops.count))
            do {
                lanes.append(
                    try await loop.submit {
                        NIOLoopBound(
                            LoadLane(
                                loop: loop, plan: plan, stats: stats, address: address, indexes: indexes,
                                share: loops.count), eventLoop: loop)
                    }.get())
            } catch {
                throw .invalidPlan("could not start event loop \(number): \(error)")
            }
        }
        return lanes
    }

    /// Verifies the server's log against `ledger` on an event loop of its own (see `LogVerifier`).
    static func verify(plan: LoadPlan, ledger: AckLedger) async throws(LoadError) -> [LogVerifier.TenantCheck] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let result: Result<[LogVerifier.TenantCheck], LoadError>
        do {
            result = .success(try await LogVerifier(plan: plan, group: group, ledger: ledger).verify())
        } catch {
            result = .failure(error)
        }
        try? await group.shutdownGracefully()
        return try result.get()
    }

    static func seconds(_ amount: TimeAmount) -> Double { Double(amount.nanoseconds) / 1e9 }
}
