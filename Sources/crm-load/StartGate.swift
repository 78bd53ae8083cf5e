// crm — a terminal-first CRM. Licensed under the MIT License.

/// Paces the logins and starts every client's sync phase at once.
///
/// 24,000 clients logging in together would queue 24,000 bcrypt checks and socket opens on the
/// server at the same moment; the gate lets `permits` in at a time. The sync phase (and its
/// deadline) begins only when the last client has logged in or failed to, so every figure of the
/// sync phase is measured with all clients connected.
actor StartGate {
    private var permits: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// The next waiter in `waiting` (a queue without O(n) removals).
    private var head = 0
    private let clients: Int
    private var arrived = 0
    private var loggedIn = 0
    private var starters: [CheckedContinuation<ContinuousClock.Instant, Never>] = []
    private var deadline: ContinuousClock.Instant?
    private let duration: Double
    /// Awaited once every client has arrived, before the sync phase starts: a shard process
    /// reports its logins there and waits for the other shards (`ShardCoordinator`).
    private let beforeSync: (@Sendable (_ loggedIn: Int) async -> Void)?
    /// When the sync phase began, once it has.
    private(set) var syncStart: ContinuousClock.Instant?

    init(
        permits: Int, clients: Int, duration: Double,
        beforeSync: (@Sendable (_ loggedIn: Int) async -> Void)? = nil
    ) {
        self.permits = permits
        self.clients = clients
        self.duration = duration
        self.beforeSync = beforeSync
    }

    /// Waits for a login slot.
    func acquire() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the next waiting client.
    func release() {
        guard head < waiting.count else {
            permits += 1
            return
        }
        waiting[head].resume()
        head += 1
        if head == waiting.count {
            waiting = []
            head = 0
        }
    }

    /// Reports one client's login and waits for the sync phase; returns its deadline.
    func arrive(loggedIn success: Bool) async -> ContinuousClock.Instant {
        arrived += 1
        if success { loggedIn += 1 }
        if arrived == clients {
            if let beforeSync { await beforeSync(loggedIn) }
            let now = ContinuousClock.now
            syncStart = now
            let end = now + .seconds(duration)
            deadline = end
            for starter in starters { starter.resume(returning: end) }
            starters = []
            return end
        }
        if let deadline { return deadline }
        return await withCheckedContinuation { starters.append($0) }
    }

    var loggedInCount: Int { loggedIn }
}
