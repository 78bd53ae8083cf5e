// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// Results of background work, waiting to be applied on the main thread by the app loop.
///
/// Background jobs never touch screens or curses; they post a closure here and the loop drains
/// it between keystrokes (the key read times out every few dozen milliseconds, so a posted
/// result is drawn promptly even when no key is pressed).
public final class Mailbox: Sendable {
    public typealias Job = @MainActor @Sendable () -> Void

    private let jobs = Mutex<[Job]>([])

    public init() {}

    /// Queues a job for the main thread; callable from any thread.
    public func post(_ job: @escaping Job) {
        jobs.withLock { $0.append(job) }
    }

    /// Takes every queued job, oldest first.
    public func take() -> [Job] {
        jobs.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
