// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMTUI
import Synchronization

/// A background runner that keeps its jobs until the test runs them, so no background work
/// (dashboard figures, notifications, the status line) happens at a moment the test did not choose.
final class HeldRunner: BackgroundRunner {
    private let jobs = Mutex<[@Sendable () -> Void]>([])

    func run(_ work: @escaping @Sendable () -> Void) { jobs.withLock { $0.append(work) } }

    /// How many jobs wait.
    var pending: Int { jobs.withLock { $0.count } }
}
