// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// The same commands for `async` tests, waiting for `crm` on a Dispatch thread.
///
/// A synchronous test blocks a thread of Swift's cooperative pool (as many threads as cores)
/// for as long as it runs; long CLI scenarios then starve the in-process servers of the route
/// tests running beside them, which time out. Waiting here keeps the pool free.
extension CLI {
    /// Runs `crm --db DB args…` off the cooperative pool.
    @discardableResult
    func run(_ arguments: String..., input: String? = nil) async throws -> Result {
        let all = ["--db", db] + arguments
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try self.run(arguments: all, input: input) })
            }
        }
    }

    /// Runs a command that must succeed, off the cooperative pool.
    @discardableResult
    func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> Result {
        let all = ["--db", db] + arguments
        let result = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try self.run(arguments: all) })
            }
        }
        #expect(
            result.code == 0, "crm \(arguments.joined(separator: " ")) failed: \(result.stderr)",
            sourceLocation: sourceLocation)
        return result
    }

    /// Counts live records of a kind, off the cooperative pool.
    func count(_ kind: String) async throws -> Int {
        try await run(kind, "list", "--json", "--limit", "10000").array.count
    }
}
