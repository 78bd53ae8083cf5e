// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// The newest published snapshot and its subscribers, safe to read from any thread.
///
/// The UI loop reads `snapshot` once per frame (a lock and a copy of a reference-counted
/// value); subscribers are called after each publication on the publishing worker.
public final class LatestSnapshot: @unchecked Sendable {
    private let lock = NSLock()
    private var current: AnalyticsSnapshot?
    private var handlers: [Int: @Sendable (AnalyticsSnapshot) -> Void] = [:]
    private var nextToken = 0

    public init() {}

    /// The newest snapshot, or nil before the first.
    public var snapshot: AnalyticsSnapshot? { lock.withLock { current } }

    /// Replaces the snapshot.
    public func store(_ snapshot: AnalyticsSnapshot) {
        lock.withLock { current = snapshot }
    }

    /// Registers a handler; returns its token.
    public func subscribe(_ handler: @escaping @Sendable (AnalyticsSnapshot) -> Void) -> Int {
        lock.withLock {
            nextToken += 1
            handlers[nextToken] = handler
            return nextToken
        }
    }

    /// Removes a handler.
    public func unsubscribe(_ token: Int) {
        lock.withLock { _ = handlers.removeValue(forKey: token) }
    }

    /// Calls every handler with `snapshot`, outside the lock.
    public func notify(_ snapshot: AnalyticsSnapshot) {
        let list = lock.withLock { Array(handlers.values) }
        for handler in list { handler(snapshot) }
    }
}
