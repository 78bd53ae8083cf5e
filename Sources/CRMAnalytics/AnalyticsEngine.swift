// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMStore
import Foundation
import GRDB

/// Keeps an `AnalyticsSnapshot` fresh on background Dispatch workers, off the UI thread.
///
/// Writes made in this process are seen at commit through a GRDB `DatabaseRegionObservation`;
/// writes by another process (a `crm` command in another shell) by polling the change log's
/// `last_device_seq` every `pollInterval`. A change bumps the generation and, after `debounce`,
/// starts a run: three parts read WAL snapshots from the pool's readers in parallel (never the
/// writer), and the result is published only if no newer change arrived meanwhile, so a
/// superseded run is dropped and a subscriber never sees figures older than ones it has seen.
///
/// ```swift
/// let engine = AnalyticsEngine(store: store)
/// engine.subscribe { snapshot in redrawSoon() }   // on a worker thread
/// engine.start()
/// // each frame: if let s = engine.latest { draw(s) }
/// ```
public final class AnalyticsEngine: @unchecked Sendable {
    /// How the engine computes and how eagerly it reacts.
    public struct Options: Sendable {
        public var timeZone: TimeZone
        public var staleDays: Int
        /// Quiet time after a change before a run starts; further changes restart it.
        public var debounce: DispatchTimeInterval
        /// How often to look for writes by other processes; nil to rely on in-process observation only.
        public var pollInterval: DispatchTimeInterval?

        public init(
            timeZone: TimeZone = .current, staleDays: Int = 30, debounce: DispatchTimeInterval = .milliseconds(150),
            pollInterval: DispatchTimeInterval? = .seconds(1)
        ) {
            self.timeZone = timeZone
            self.staleDays = staleDays
            self.debounce = debounce
            self.pollInterval = pollInterval
        }
    }

    let store: CRMStore
    let options: Options
    let holder = LatestSnapshot()
    private let lock = NSLock()
    private var generation: UInt64 = 0
    private var running = false
    private var lastSeq: Int64 = -1
    private var pending: DispatchWorkItem?
    private var observation: AnyDatabaseCancellable?
    private var poller: DispatchSourceTimer?
    private var failure: (any Error)?
    private let control = DispatchQueue(label: "crm.analytics.control")
    private let workers = DispatchQueue(label: "crm.analytics.workers", qos: .utility, attributes: .concurrent)
    /// Test hook: called on a worker after a run has read everything, just before it may publish.
    var beforePublish: (@Sendable (UInt64) -> Void)?

    /// An engine over `store`; call `start()` to compute and follow changes.
    public init(store: CRMStore, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    deinit {
        observation?.cancel()
        poller?.cancel()
    }

    /// The newest published snapshot, or nil before the first run ends. Cheap: poll it every frame.
    public var latest: AnalyticsSnapshot? { holder.snapshot }

    /// The newest change generation (a snapshot with this generation is fully fresh).
    public var currentGeneration: UInt64 { lock.withLock { generation } }

    /// The error of the last failed run, if the last run failed.
    public var lastError: (any Error)? { lock.withLock { failure } }

    /// Calls `handler` on a worker thread with each published snapshot; returns a token for `unsubscribe`.
    @discardableResult
    public func subscribe(_ handler: @escaping @Sendable (AnalyticsSnapshot) -> Void) -> Int {
        holder.subscribe(handler)
    }

    /// Stops calling the handler registered under `token`.
    public func unsubscribe(_ token: Int) { holder.unsubscribe(token) }

    /// Starts following changes and computes the first snapshot.
    public func start() {
        let observation = DatabaseRegionObservation(
            tracking: ["deals", "stages", "stage_history", "cases", "activities", "users"].map { Table($0) })
        let cancellable = observation.start(in: store.writer, onError: { [weak self] error in self?.record(error) }) {
            [weak self] db in
            self?.noteSequence(try? Int64.fetchOne(db, sql: "SELECT last_device_seq FROM clock WHERE id = 1"))
            self?.invalidate()
        }
        lock.withLock { self.observation = cancellable }
        noteSequence((try? store.read { db in try Int64.fetchOne(db, sql: "SELECT last_device_seq FROM clock WHERE id = 1") }) ?? nil)
        if let interval = options.pollInterval { startPolling(every: interval) }
        refresh()
    }

    /// Stops observing; a run in flight finishes but does not publish.
    public func stop() {
        lock.withLock {
            observation?.cancel()
            observation = nil
            poller?.cancel()
            poller = nil
            pending?.cancel()
            generation += 1
        }
    }

    /// Marks the data changed: bumps the generation and schedules a debounced run.
    public func invalidate() {
        schedule(after: options.debounce)
    }

    /// Recomputes now, without waiting for the debounce.
    public func refresh() {
        schedule(after: .never)
    }

    private func schedule(after delay: DispatchTimeInterval) {
        let next = lock.withLock { () -> UInt64 in
            generation += 1
            return generation
        }
        control.async { [weak self] in
            guard let self else { return }
            let item = DispatchWorkItem { [weak self] in self?.run(next) }
            self.lock.withLock {
                self.pending?.cancel()
                self.pending = item
            }
            if case .never = delay {
                self.control.async(execute: item)
            } else {
                self.control.asyncAfter(deadline: .now() + delay, execute: item)
            }
        }
    }

    func isCurrent(_ run: UInt64) -> Bool { lock.withLock { generation == run } }

    private func run(_ run: UInt64) {
        guard isCurrent(run) else { return }
        let request = AnalyticsRequest(now: store.nowMillis, timeZone: options.timeZone, staleDays: options.staleDays)
        let results = PartResults()
        let group = DispatchGroup()
        let start = DispatchTime.now().uptimeNanoseconds
        workers.async(group: group) { [store] in
            results.set(deals: Result { try store.read { db in try Analytics.dealPart(db, request) } })
        }
        workers.async(group: group) { [store] in
            results.set(funnel: Result { try store.read { db in try Analytics.funnelReach(db, request) } })
        }
        workers.async(group: group) { [store] in
            results.set(cases: Result { try store.read { db in try Analytics.casePart(db, request) } })
        }
        group.notify(queue: workers) { [weak self] in
            guard let self else { return }
            do {
                let parts = try results.unwrap()
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let snapshot = Analytics.assemble(
                    generation: run, request: request, seconds: seconds, deals: parts.deals, funnel: parts.funnel,
                    cases: parts.cases)
                self.beforePublish?(run)
                self.publish(snapshot)
            } catch {
                self.record(error)
            }
        }
    }

    private func publish(_ snapshot: AnalyticsSnapshot) {
        // Checked and stored under the engine lock, so a newer generation can never be overwritten.
        let accepted = lock.withLock { () -> Bool in
            guard generation == snapshot.generation else { return false }
            failure = nil
            holder.store(snapshot)
            return true
        }
        if accepted { holder.notify(snapshot) }
    }

    private func record(_ error: any Error) {
        lock.withLock { failure = error }
    }

    private func noteSequence(_ seq: Int64?) {
        guard let seq else { return }
        lock.withLock { lastSeq = max(lastSeq, seq) }
    }

    private func startPolling(every interval: DispatchTimeInterval) {
        let timer = DispatchSource.makeTimerSource(queue: workers)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.poll() }
        lock.withLock { poller = timer }
        timer.resume()
    }

    private func poll() {
        let read = try? store.read { db in try Int64.fetchOne(db, sql: "SELECT last_device_seq FROM clock WHERE id = 1") }
        guard let seq = read ?? nil else { return }
        let changed = lock.withLock { () -> Bool in
            defer { lastSeq = max(lastSeq, seq) }
            return lastSeq >= 0 && seq > lastSeq
        }
        if changed { invalidate() }
    }
}
