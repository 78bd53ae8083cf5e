// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// What one shard process measured and verified, sent to the coordinator as one JSON line.
///
/// It carries every latency sample, not percentiles, because percentiles of parts do not combine:
/// the coordinator's p99 is computed over all samples of all shards, exactly as in one process.
struct ShardResult: Sendable, Codable {
    var stats: LoadStats.Snapshot
    var loggedIn: Int
    var loginSeconds: Double
    var syncSeconds: Double
    var verifySeconds: Double
    var checks: [LogVerifier.TenantCheck]
    var syncCPUSeconds: Double

    /// The line prefix of the result on a shard's stdout.
    static let prefix = "result "

    init(_ outcome: LoadRun.Outcome) {
        stats = outcome.stats.snapshot()
        loggedIn = outcome.loggedIn
        loginSeconds = outcome.loginSeconds
        syncSeconds = outcome.syncSeconds
        verifySeconds = outcome.verifySeconds
        checks = outcome.checks
        syncCPUSeconds = outcome.syncCPUSeconds
    }

    /// The one stdout line that carries this result.
    func line() throws(LoadError) -> String {
        do {
            return Self.prefix + String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        } catch {
            throw .badBody("could not encode the shard result: \(error)")
        }
    }

    /// Reads a result line written by `line()`.
    static func parse(_ line: Substring) throws(LoadError) -> ShardResult {
        do {
            return try JSONDecoder().decode(ShardResult.self, from: Data(line.dropFirst(prefix.count).utf8))
        } catch {
            throw .badBody("unreadable shard result: \(error)")
        }
    }

    /// The shards' results as one run.
    ///
    /// The shards' sync phases start together (the coordinator's
    /// barrier) and last the same planned time, so the phase lengths are the longest of them.
    static func merge(_ results: [ShardResult]) -> LoadRun.Outcome {
        let stats = LoadStats()
        for result in results { stats.absorb(result.stats) }
        return LoadRun.Outcome(
            stats: stats, loggedIn: results.reduce(0) { $0 + $1.loggedIn },
            loginSeconds: results.map(\.loginSeconds).max() ?? 0, syncSeconds: results.map(\.syncSeconds).max() ?? 0,
            verifySeconds: results.map(\.verifySeconds).max() ?? 0, checks: results.flatMap(\.checks),
            syncCPUSeconds: results.reduce(0) { $0 + $1.syncCPUSeconds })
    }
}
