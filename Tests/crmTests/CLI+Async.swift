// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

extension CLI {
    /// Runs `crm` like `run(arguments:)`, on a thread of its own, so a test waiting for a slow
    /// command (a 10 s busy timeout, a report during a bulk load) does not hold one of the few
    /// threads Swift's concurrency runtime shares with every other test running at the time.
    func runOffPool(_ arguments: [String]) async throws -> Result {
        try await Self.offPool { try self.run(arguments: ["--db", self.db] + arguments) }
    }

    /// Runs blocking `work` on a new thread and waits for it without blocking the caller's thread.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}
