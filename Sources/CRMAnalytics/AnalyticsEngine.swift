// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// Keeps an `AnalyticsSnapshot` fresh on background Dispatch workers, off the UI thread.
///
/// Writes made in this process are seen at commit through the store's `observe(_:)`, one
/// per part (deals, funnel, cases), so an edit recomputes only the parts that read what it touched;
/// writes by another process (a `crm` command in another shell) by polling the change log's
/// `last_device_seq` every `pollInterval` (everything is recomputed then, and at least every
/// `maximumAge`, because SLA states and deal ages move with the clock). A change bumps the
/// generation and, after `debounce`, starts a run: the dirty parts read WAL snapshots from the
/// pool's readers in parallel (never the writer), and the result is published only if no newer
/// change arrived meanwhile, so a superseded run is dropped and a subscriber never sees figures
/// older than ones it has seen.
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
        /// With polling on, recompute everything when the newest snapshot is this many seconds old.
        public var maximumAge: Double

        public init(
            timeZone: TimeZone = .current, staleDays: Int = 30, debounce: DispatchTimeInterval = .milliseconds(150),
            pollInterval: DispatchTimeInterval? = .seconds(1), maximumAge: Double = 60
        ) {
            self.timeZone = timeZone
            self.staleDays = staleDays
            self.debounce = debounce
            self.pollInterval = pollInterval
            self.maximumAge = maximumAge
        }
    }

    let store: Store
    let options: Options
    let holder = LatestSnapshot()
    private let lock = NSLock()
    private var generation: UInt64 = 0
    private var running = false
    private var lastSeq: Int64 = -1
    private var pending: DispatchWorkItem?
    private var observations: [SummaryObservation] = []
    private var dirty = Set(EnginePart.allCases)
    private var cache = EngineParts()
    private var publishedAt: UInt64 = 0
    private var computed: [EnginePart: Int] = [:]
    private var poller: DispatchSourceTimer?
    private var failure: (any Error)?
    private let control = DispatchQueue(label: "crm.analytics.control")
    private let workers = DispatchQueue(label: "crm.analytics.workers", qos: .utility, attributes: .concurrent)
    /// Test hook: called on a worker after a run has read everything, just before it may publish.
    var beforePublish: (@Sendable (UInt64) -> Void)?

    /// An engine over `store`; call `start()` to compute and follow changes.
    public init(store: Store, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    deinit {
        for observation in observations { observation.cancel() }
        poller?.cancel()
    }

    /// The newest published snapshot, or nil before the first run ends.
    ///
    /// Cheap: poll it every frame.
    public var latest: AnalyticsSnapshot? { holder.snapshot }

    /// The newest change generation (a snapshot with this generation is fully fresh).
    public var currentGeneration: UInt64 { lock.withLock { generation } }

    /// The newest snapshot that includes every change seen so far, waiting up to `timeout` for
    /// the run in flight; nil if none is published in time (or the engine is not started).
    ///
    /// A view that has just written (the TUI after an edit) asks this rather than `latest`, so
    /// it never draws figures from before its own change: the store's commit observation has
    /// bumped the generation before the write returned.
    public func fresh(timeout: DispatchTimeInterval) -> AnalyticsSnapshot? {
        let wanted = currentGeneration
        if let latest, latest.generation >= wanted { return latest }
        let published = DispatchSemaphore(value: 0)
        let token = subscribe { snapshot in if snapshot.generation >= wanted { published.signal() } }
        defer { unsubscribe(token) }
        if latest.map({ $0.generation < wanted }) ?? true {
            _ = published.wait(timeout: .now() + timeout)
        }
        return latest.flatMap { $0.generation >= wanted ? $0 : nil }
    }

    /// How many published runs computed `part` (tests check that an edit recomputes only what it touched).
    func computeCount(_ part: EnginePart) -> Int { lock.withLock { computed[part] ?? 0 } }

    /// The error of the last failed run, if the last run failed.
    public var lastError: (any Error)? { lock.withLock { failure } }

    /// Calls `handler` on a worker thread with each published snapshot; returns a token for `unsubscribe`.
    @discardableResult
    public func subscribe(_ handler: @escaping @Sendable (AnalyticsSnapshot) -> Void) -> Int {
        holder.subscribe(handler)
    }

    /// Stops calling the handler registered under `token`.
    public func unsubscribe(_ token: Int) { holder.unsubscribe(token) }

    /// Starts following changes and computes the first snapshot; a second call does nothing.
    public func start() {
        guard lock.withLock({ observations.isEmpty }) else { return }
        let cancellables = EnginePart.allCases.map { part in
            store.observe(part.region, onError: { [weak self] error in self?.record(error) }) { [weak self] seq in
                self?.noteSequence(seq)
                self?.invalidate([part])
            }
        }
        lock.withLock { observations = cancellables }
        noteSequence((try? store.lastDeviceSequence()) ?? nil)
        if let interval = options.pollInterval { startPolling(every: interval) }
        refresh()
    }

    /// Stops observing; a run in flight finishes but does not publish.
    public func stop() {
        lock.withLock {
            for observation in observations { observation.cancel() }
            observations = []
            poller?.cancel()
            poller = nil
            pending?.cancel()
            generation += 1
        }
    }

    /// Marks the data changed: bumps the generation and schedules a debounced run of every part.
    public func invalidate() {
        invalidate(Set(EnginePart.allCases))
    }

    /// Recomputes everything now, without waiting for the debounce.
    public func refresh() {
        schedule(Set(EnginePart.allCases), after: .never)
    }

    func invalidate(_ parts: Set<EnginePart>) {
        schedule(parts, after: options.debounce)
    }

    private func schedule(_ parts: Set<EnginePart>, after delay: DispatchTimeInterval) {
        let next = lock.withLock { () -> UInt64 in
            dirty.formUnion(parts)
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
        // Parts stay dirty until a run that computed them publishes.
        let (parts, cached) = lock.withLock { () -> (Set<EnginePart>, EngineParts) in
            (dirty.union(cache.missing), cache)
        }
        let results = PartResults(cached)
        let group = DispatchGroup()
        let start = DispatchTime.now().uptimeNanoseconds
        for part in parts {
            workers.async(group: group) { [store] in results.compute(part, store: store, request: request) }
        }
        group.notify(queue: workers) { [weak self] in
            guard let self else { return }
            do {
                let fresh = try results.unwrap()
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let snapshot = Analytics.assemble(
                    generation: run, request: request, seconds: seconds, deals: fresh.deals, funnel: fresh.funnel,
                    cases: fresh.cases)
                self.beforePublish?(run)
                self.publish(snapshot, parts: parts, fresh: fresh)
            } catch {
                self.record(error)
            }
        }
    }

    private func publish(_ snapshot: AnalyticsSnapshot, parts: Set<EnginePart>, fresh: EngineParts.Complete) {
        // Checked and stored under the engine lock, so a newer generation can never be overwritten.
        let accepted = lock.withLock { () -> Bool in
            guard generation == snapshot.generation else { return false }
            failure = nil
            dirty.subtract(parts)
            cache = EngineParts(fresh)
            for part in parts { computed[part, default: 0] += 1 }
            publishedAt = DispatchTime.now().uptimeNanoseconds
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
        guard let seq = (try? store.lastDeviceSequence()) ?? nil else { return }
        let (changed, age) = lock.withLock { () -> (Bool, Double) in
            defer { lastSeq = max(lastSeq, seq) }
            let age = publishedAt == 0 ? 0 : Double(DispatchTime.now().uptimeNanoseconds - publishedAt) / 1e9
            return (lastSeq >= 0 && seq > lastSeq, age)
        }
        if changed || age > options.maximumAge { invalidate() }
    }
}
