// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB
import Synchronization

/// Group commit for the SQLite log: concurrent writes share one transaction and one fsync.
///
/// With `synchronous=FULL` every COMMIT waits for a WAL fsync (about 5 ms on the benchmark disk),
/// so one transaction per push caps a server near 200 pushes a second whatever the CPU. Here a
/// write is queued; one drain task at a time takes everything queued (up to `maxGroup`), opens
/// one `BEGIN IMMEDIATE` transaction and runs each write inside its own SAVEPOINT, in queue
/// order. A write that throws rolls back to its savepoint only and gets its own error; the others
/// go on. Every caller is answered only after the shared COMMIT returned, so an acknowledged
/// write is as durable as before; if the COMMIT fails, every write of the group fails and nothing
/// of it is stored. While one group commits the next one queues, so under load groups grow by
/// themselves and an idle server commits a lone write at once, without waiting for company.
///
/// Writes of one group run one after another on SQLite's single writer, each seeing the ones
/// before it, exactly as if each had been its own transaction in that order: per-tenant seqs
/// stay consecutive, and a duplicate re-sent within the same group is recognised as one.
///
/// ```swift
/// let committer = SQLiteGroupCommitter(writer: pool)
/// let id = try await committer.write { db in try insertSomething(db) }
/// ```
public final class SQLiteGroupCommitter: Sendable {
    /// A write waiting for a group: `apply` runs it in its savepoint and returns what to do once
    /// the group's fate is known; `fail` answers without running it.
    struct Job: Sendable {
        let apply: @Sendable (Database) -> Answer
        let fail: @Sendable (any Error) -> Void
    }

    /// What follows an applied write: `withdraw` if the group's COMMIT failed, then `answer`
    /// with the group's error or nil.
    struct Answer: Sendable {
        let withdraw: @Sendable () -> Void
        let answer: @Sendable ((any Error)?) -> Void
    }

    /// How many groups committed, how many writes they held, and the largest: for tests and logs.
    public struct Statistics: Hashable, Sendable {
        public var groups = 0
        public var writes = 0
        public var largestGroup = 0
    }

    private struct State {
        var queue: [Job] = []
        var draining = false
        var statistics = Statistics()
        /// Callers of `waitUntilQueued`, each with the queue length it waits for.
        var queueWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    /// The answers of one group's applied writes, collected inside the database closure so they
    /// survive a COMMIT that throws.
    private final class Answers: Sendable {
        let list = Mutex<[Answer]>([])
    }

    private let writer: any DatabaseWriter
    private let maxGroup: Int
    /// Restarts the WAL between groups when reads kept it from starting over (`SQLiteWALRestart`).
    let walRestart = SQLiteWALRestart()
    private let state = Mutex(State())

    /// - Parameter maxGroup: the most writes in one transaction, so a burst does not hold the
    ///   writer (and delay the first caller's answer) for one very long transaction.
    public init(writer: any DatabaseWriter, maxGroup: Int = 500) {
        self.writer = writer
        self.maxGroup = max(1, maxGroup)
    }

    /// What has been committed so far.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Runs `work` in the next group and returns its result once the group committed.
    ///
    /// `work` runs inside a savepoint: if it throws, only its own changes are rolled back and the
    /// error is rethrown here. It must not start or end transactions itself.
    ///
    /// `publish` gets the result of a `work` whose savepoint was released, on the writer's thread
    /// and before the group's COMMIT, in the order of the writes; `withdraw` gets it back, before
    /// the next group runs, if that COMMIT failed. What readers must find the moment a write is
    /// visible (the pull tail's rows, `TenantTail`) is published there: recorded after the COMMIT,
    /// even on the writer's thread, 3 % of a loaded server's pulls found their tenant's head past
    /// the tail's end, the writer descheduled between the COMMIT and its records
    /// (Docs/BENCHMARKS.md, 2026-12-06).
    public func write<T: Sendable>(
        _ work: @escaping @Sendable (Database) throws -> T, publish: @escaping @Sendable (T) -> Void = { _ in },
        withdraw: @escaping @Sendable (T) -> Void = { _ in }
    ) async throws -> T {
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            submit(work, publish: publish, withdraw: withdraw) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// `write` answered by callback: `completion` gets the result once the group committed (or
    /// failed), on the thread the group's task resumed on after the COMMIT (with NIO as Swift's
    /// executor, an event loop's), before the next group, so it must hand anything long elsewhere.
    ///
    /// For a caller that is not a Swift task: an event loop answering a push in place
    /// (`InPlacePush`) hops back to its loop from here without a task to resume.
    public func submit<T: Sendable>(
        _ work: @escaping @Sendable (Database) throws -> T, publish: @escaping @Sendable (T) -> Void = { _ in },
        withdraw: @escaping @Sendable (T) -> Void = { _ in },
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        let job = Job(
            apply: { db in
                let outcome: Result<T, any Error>
                do {
                    outcome = .success(try Self.inSavepoint(db) { try work(db) })
                } catch {
                    outcome = .failure(error)
                }
                if case .success(let value) = outcome { publish(value) }
                return Answer(
                    withdraw: { if case .success(let value) = outcome { withdraw(value) } },
                    answer: { commitError in
                        if let commitError, case .success = outcome {
                            completion(.failure(commitError))
                        } else {
                            completion(outcome)
                        }
                    })
            },
            fail: { completion(.failure($0)) })
        enqueue(job)
    }

    /// Runs `work` in a savepoint of the group's transaction; a throw rolls back to it alone.
    ///
    /// GRDB's `inSavepoint` parses `SAVEPOINT` and `RELEASE` anew for every write; these are
    /// prepared once per connection (Docs/BENCHMARKS.md, 2026-12-05). If SQLite rolled the whole
    /// transaction back, the rollback to the savepoint fails too, and `commit` stops the group.
    static func inSavepoint<T>(_ db: Database, _ work: () throws -> T) throws -> T {
        try db.cachedStatement(sql: "SAVEPOINT grouped").execute()
        do {
            let value = try work()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT grouped").execute()
            return value
        } catch {
            if db.isInsideTransaction {
                try? db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT grouped").execute()
                try? db.cachedStatement(sql: "RELEASE SAVEPOINT grouped").execute()
            }
            throw error
        }
    }

    /// Returns once at least `count` writes wait for the next group.
    ///
    /// A synchronisation point for tests: with the running group held open (a write that blocks
    /// until released), they wait here until every write they started is queued behind it, so
    /// the next group holds them all, whatever the scheduler did in between.
    func waitUntilQueued(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                guard state.queue.count < count else { return true }
                state.queueWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Queues a job and starts the drain task unless one is running.
    private func enqueue(_ job: Job) {
        let (start, ready) = state.withLock { state in
            state.queue.append(job)
            let length = state.queue.count
            let ready = state.queueWaiters.filter { $0.count <= length }.map(\.continuation)
            state.queueWaiters.removeAll { $0.count <= length }
            guard !state.draining else { return (false, ready) }
            state.draining = true
            return (true, ready)
        }
        for waiter in ready { waiter.resume() }
        if start { Task { await drain() } }
    }

    /// Commits groups until the queue is empty; only one drain runs at a time.
    private func drain() async {
        while true {
            let jobs = state.withLock { state -> [Job] in
                guard !state.queue.isEmpty else {
                    state.draining = false
                    return []
                }
                let count = min(state.queue.count, maxGroup)
                let taken = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return taken
            }
            guard !jobs.isEmpty else { return }
            await commit(jobs)
        }
    }

    /// One transaction for `jobs`, each in its own savepoint; then every caller is answered.
    private func commit(_ jobs: [Job]) async {
        let answers = Answers()
        do {
            try await writer.writeWithoutTransaction { db in
                do {
                    try db.inTransaction(.immediate) {
                        for job in jobs {
                            // SQLite may roll a whole transaction back on its own (disk full, I/O
                            // error). Later writes would then autocommit one statement at a time:
                            // stop and fail the group instead.
                            guard db.isInsideTransaction else {
                                throw StoreError.writeFailed("SQLite rolled the group's transaction back")
                            }
                            let answer = job.apply(db)
                            answers.list.withLock { $0.append(answer) }
                        }
                        return .commit
                    }
                } catch {
                    // Withdrawn at once on the writer's thread, the ROLLBACK just done: another
                    // process would have to take SQLite's lock and commit in between to write
                    // rows over what was published.
                    for answer in answers.list.withLock({ $0 }) { answer.withdraw() }
                    throw error
                }
            }
        } catch {
            let answered = answers.list.withLock { $0 }
            for answer in answered { answer.answer(error) }
            for job in jobs.dropFirst(answered.count) { job.fail(error) }
            return
        }
        state.withLock {
            $0.statistics.groups += 1
            $0.statistics.writes += jobs.count
            $0.statistics.largestGroup = max($0.statistics.largestGroup, jobs.count)
        }
        for answer in answers.list.withLock({ $0 }) { answer.answer(nil) }
        await walRestart.groupCommitted(on: writer)
    }
}
