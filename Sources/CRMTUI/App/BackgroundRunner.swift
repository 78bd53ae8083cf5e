// crm — a terminal-first CRM. Licensed under the MIT License.

import Dispatch

/// Runs work off the UI thread: search, dashboard figures, notifications.
///
/// The app uses `DispatchRunner`; tests pass a runner they control to decide when (and in which
/// order) background work completes, which is how stale search results are tested.
public protocol BackgroundRunner: Sendable {
    func run(_ work: @escaping @Sendable () -> Void)
}

/// Runs work on a serial dispatch queue, so searches complete in the order they were typed.
public struct DispatchRunner: BackgroundRunner {
    private let queue: DispatchQueue

    public init(label: String = "crm.tui.background") {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    public func run(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }
}
