// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore

/// The simulated clients of one event loop: their logins, paced, their sync phase, and the sweep
/// that ends requests left without an answer.
///
/// One thread drives thousands of clients' state machines (`LoadClient`): an answer read on a
/// socket runs the client's next step right there, and a sync starts from a timer on the same
/// loop. A Swift task per client, woken by a timer and awaiting a promise per request, had the
/// threads waking each other (futex and `epoll_wait` a quarter of crm-load's CPU,
/// Docs/BENCHMARKS.md 2026-12-04). Every method runs on `loop`.
final class LoadLane {
    let loop: any EventLoop
    let plan: LoadPlan
    let stats: LoadStats
    let address: SocketAddress
    /// The `Host` header: the server as the plan names it.
    let host: String
    let requestTimeout: TimeAmount
    private var clients: [LoadClient] = []
    private var syncing: [LoadClient] = []
    private let loginPermits: Int
    private var nextLogin = 0
    private var loginsRunning = 0
    private var loginsEnded = 0
    private var loginsDone: EventLoopPromise<Int>?
    private var running = 0
    private var syncDone: EventLoopPromise<Void>?
    private var sweeping = false
    private var wheel: TimerWheel<LoadClient>
    /// When the lane's timer is set for, and how many times it was set (a lapsed one does nothing).
    private var turnAt: NIODeadline?
    private var turns = 0

    /// A lane for the clients numbered `indexes`, `share` of the plan's login concurrency.
    init(loop: any EventLoop, plan: LoadPlan, stats: LoadStats, address: SocketAddress, indexes: [Int], share: Int) {
        self.loop = loop
        self.plan = plan
        self.stats = stats
        self.address = address
        host = "\(plan.host):\(plan.port)"
        requestTimeout = .nanoseconds(Int64(plan.requestTimeout * 1e9))
        loginPermits = max(1, plan.loginConcurrency / max(share, 1))
        wheel = TimerWheel(span: .nanoseconds(Int64(plan.interval * 1e9)))
        clients = indexes.map { LoadClient(index: $0, lane: self) }
    }

    /// Logs every client in, `loginPermits` at a time; the number that succeeded.
    func logIn() -> EventLoopFuture<Int> {
        let promise = loop.makePromise(of: Int.self)
        loginsDone = promise
        startSweeping()
        if clients.isEmpty { promise.succeed(0) }
        startLogins()
        return promise.futureResult
    }

    private func startLogins() {
        while loginsRunning < loginPermits, nextLogin < clients.count {
            loginsRunning += 1
            nextLogin += 1
            clients[nextLogin - 1].logIn()
        }
    }

    /// A client's login ended; the next one starts.
    func loginEnded(_ client: LoadClient, loggedIn: Bool) {
        loginsRunning -= 1
        loginsEnded += 1
        if loggedIn { syncing.append(client) }
        if loginsEnded == clients.count {
            loginsDone?.succeed(syncing.count)
            loginsDone = nil
        } else {
            startLogins()
        }
    }

    /// Runs the sync phase of every logged-in client from `start` until `end`; completes when the
    /// last one has stopped.
    func sync(from start: NIODeadline, until end: NIODeadline) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        syncDone = promise
        running = syncing.count
        if running == 0 { finishSync() }
        for client in syncing { client.sync(from: start, until: end) }
        return promise.futureResult
    }

    /// Runs `client.startSync()` at `deadline` (within the wheel's tick), from one timer per lane.
    func wake(_ client: LoadClient, at deadline: NIODeadline) {
        let slot = wheel.add(client, at: deadline, now: NIODeadline.now())
        if let turnAt, turnAt <= slot { return }
        scheduleTurn(at: slot)
    }

    /// Sets the lane's one timer for `time`; a timer set before for later is left to lapse.
    private func scheduleTurn(at time: NIODeadline) {
        turns += 1
        let turn = turns
        turnAt = time
        loop.assumeIsolated().scheduleTask(deadline: time) { [self] in
            guard turn == turns else { return }
            turnAt = nil
            for client in wheel.due(now: NIODeadline.now()) { client.startSync() }
            if turnAt == nil, let next = wheel.next() { scheduleTurn(at: next) }
        }
    }

    /// A client stopped syncing.
    func syncEnded() {
        running -= 1
        if running == 0 { finishSync() }
    }

    private func finishSync() {
        sweeping = false
        syncDone?.succeed()
        syncDone = nil
    }

    /// Every tenth of the timeout (at most a second), requests older than the timeout are ended:
    /// one timer per lane, not one scheduled and cancelled per request (NIO cancels a scheduled
    /// task by searching its queue, which holds every client's next sync).
    private func startSweeping() {
        guard !sweeping else { return }
        sweeping = true
        let tick = TimeAmount.nanoseconds(max(10_000_000, min(1_000_000_000, requestTimeout.nanoseconds / 10)))
        func sweep() {
            guard sweeping else { return }
            let now = NIODeadline.now()
            for client in clients { client.expire(now: now) }
            loop.assumeIsolated().scheduleTask(in: tick) { sweep() }
        }
        loop.assumeIsolated().scheduleTask(in: tick) { sweep() }
    }
}
