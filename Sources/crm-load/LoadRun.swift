// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import NIOPosix

/// One load run: start every client, sync for the planned duration, then verify the log.
struct LoadRun {
    let plan: LoadPlan
    /// Awaited when every client has logged in, before the sync phase (see `StartGate`).
    var beforeSync: (@Sendable (_ loggedIn: Int) async -> Void)?

    /// What the run measured and what the verification found.
    struct Outcome: Sendable {
        var stats: LoadStats
        var loggedIn: Int
        var loginSeconds: Double
        var syncSeconds: Double
        var verifySeconds: Double
        var checks: [LogVerifier.TenantCheck]

        var verified: Bool { checks.allSatisfy(\.passed) }
    }

    /// Runs the load and the verification; throws only for a plan that cannot start or a failed
    /// verification pull (a refused request during the load is counted, not thrown).
    func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws(LoadError) -> Outcome {
        try plan.validate()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: plan.eventLoops)
        let stats = LoadStats()
        let gate = StartGate(
            permits: plan.loginConcurrency, clients: plan.clients, duration: plan.duration, beforeSync: beforeSync)
        let plan = self.plan
        let started = ContinuousClock.now
        progress(
            "starting \(plan.clients) clients in \(plan.tenants) tenant(s), \(plan.loginConcurrency) logins at a time")
        await withTaskGroup(of: Void.self) { tasks in
            for index in 0..<plan.clients {
                tasks.addTask {
                    let client = SimulatedClient(index: index, plan: plan, stats: stats, group: group)
                    await gate.acquire()
                    let loggedIn = await client.start()
                    await gate.release()
                    let deadline = await gate.arrive(loggedIn: loggedIn)
                    guard loggedIn else { return }
                    await client.run(until: deadline)
                }
            }
            await tasks.waitForAll()
        }
        let syncStart = await gate.syncStart ?? started
        let loggedIn = await gate.loggedInCount
        let ended = ContinuousClock.now
        progress("sync phase over; verifying the log of \(plan.tenants) tenant(s)")
        try? await group.shutdownGracefully()
        let checks = try await Self.verify(plan: plan, ledger: stats.ledger)
        return Outcome(
            stats: stats, loggedIn: loggedIn, loginSeconds: (syncStart - started).milliseconds / 1000,
            syncSeconds: (ended - syncStart).milliseconds / 1000,
            verifySeconds: (ContinuousClock.now - ended).milliseconds / 1000, checks: checks)
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
}
