// crm — a terminal-first CRM. Licensed under the MIT License.

import HummingbirdCore
import Logging
import Synchronization

/// Stops accepting client connections at `limit` open ones, and starts again when one closes.
///
/// Every client connection holds a descriptor, and a process that runs out of descriptors does
/// not fail one request: while work is queued, libdispatch's worker-pool monitor on Linux reads
/// `/proc/TID/stat` for each of its threads, and when that `open` fails it ends the process
/// (SIGILL). The release server died that way under 24,000 clients (Docs/BENCHMARKS.md,
/// 2026-11-25), and could with any flood that reached the open-file limit. So the server holds
/// at most `limit` connections, a number kept below that limit
/// (`DescriptorLimit.maximumConnections`); a client past it waits in the kernel's listen
/// backlog, as at a busy nginx, and is accepted when another leaves. A read of the listening
/// socket accepts up to four at once, so the count can pass `limit` by three.
///
/// Hummingbird calls the delegate on the listening socket's event loop; the counts live in
/// `ConnectionGate.Counts`, which `/metrics` reads from any thread.
struct ConnectionGate: AvailableConnectionsDelegate {
    /// What `/metrics` shows: the limit, the connections open now, and how often accepting paused.
    final class Counts: Sendable {
        let limit = Atomic<Int>(0)
        let open = Atomic<Int>(0)
        let pauses = Atomic<Int>(0)
        /// When the last "limit reached" warning was logged.
        fileprivate let lastWarning = Mutex<ContinuousClock.Instant?>(nil)

        init() {}
    }

    let limit: Int
    let counts: Counts
    let logger: Logger

    init(limit: Int, counts: Counts, logger: Logger) {
        self.limit = max(1, limit)
        self.counts = counts
        self.logger = logger
        counts.limit.store(self.limit, ordering: .relaxed)
    }

    mutating func connectionOpened() {
        counts.open.add(1, ordering: .relaxed)
    }

    mutating func connectionClosed() {
        counts.open.subtract(1, ordering: .relaxed)
    }

    /// False at the limit: Hummingbird then stops reading the listening socket until a
    /// connection closes, and the pause is counted (and logged at most once a minute).
    func isAcceptingNewConnections() -> Bool {
        let open = counts.open.load(ordering: .relaxed)
        guard open >= limit else { return true }
        counts.pauses.add(1, ordering: .relaxed)
        warnIfDue(open: open)
        return false
    }

    private func warnIfDue(open: Int) {
        let now = ContinuousClock.now
        let due = counts.lastWarning.withLock { last in
            guard last.map({ now - $0 >= .seconds(60) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let files = DescriptorLimit.current().map { "; open-file limit \($0.soft)" } ?? ""
        logger.warning(
            """
            connection limit reached: \(open) client connections open (--max-connections \(limit)\(files)); \
            new connections wait in the listen backlog until one closes
            """)
    }
}
