// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMeasure
import Foundation
import Synchronization

/// What every simulated client reports while it runs: latencies per operation, errors by kind,
/// and the changes the server acknowledged.
///
/// One lock for the whole run: clients record a few times per sync, so contention stays far below
/// the cost of the requests themselves.
final class LoadStats: Sendable {
    /// The operations whose latencies are reported.
    enum Operation: String, CaseIterable, Sendable {
        case connect, login, pull, push
    }

    private struct State {
        var latencies: [Operation: [Double]] = [:]
        var errors: [String: Int] = [:]
        var firstError: [String: String] = [:]
        var pulledChanges = 0
        var pushedChanges = 0
        var bytes: [Operation: WireBytes] = [:]
    }

    /// The bytes of answered requests of one operation, heads and bodies, as on the socket.
    struct WireBytes: Sendable, Codable {
        var sent = 0
        var received = 0
        /// The bodies among them, as sent (compressed or not).
        var sentBodies = 0
        var receivedBodies = 0
        /// Requests whose body went gzip- or zstd-compressed, and answers that came gzip or zstd.
        var gzipSent = 0
        var zstdSent = 0
        var gzipReceived = 0
        var zstdReceived = 0

        mutating func add(_ other: WireBytes) {
            sent += other.sent
            received += other.received
            sentBodies += other.sentBodies
            receivedBodies += other.receivedBodies
            gzipSent += other.gzipSent
            zstdSent += other.zstdSent
            gzipReceived += other.gzipReceived
            zstdReceived += other.zstdReceived
        }
    }

    private let state = Mutex(State())
    /// Acknowledged and sent-but-unacknowledged change ids per tenant, for the verification.
    let ledger = AckLedger()

    func record(_ operation: Operation, milliseconds: Double, bytes: WireBytes? = nil) {
        state.withLock {
            $0.latencies[operation, default: []].append(milliseconds)
            if let bytes { $0.bytes[operation, default: WireBytes()].add(bytes) }
        }
    }

    func record(_ error: LoadError, during operation: Operation) {
        let key = "\(operation.rawValue): \(error.kind)"
        state.withLock {
            $0.errors[key, default: 0] += 1
            if $0.firstError[key] == nil { $0.firstError[key] = error.description }
        }
    }

    /// Everything recorded so far, to send from a shard process to its coordinator.
    struct Snapshot: Sendable, Codable {
        var latencies: [String: [Double]]
        var errors: [String: Int]
        var firstError: [String: String]
        var pulledChanges: Int
        var pushedChanges: Int
        var bytes: [String: WireBytes]? = nil
    }

    func snapshot() -> Snapshot {
        state.withLock { state in
            Snapshot(
                latencies: Dictionary(uniqueKeysWithValues: state.latencies.map { ($0.key.rawValue, $0.value) }),
                errors: state.errors, firstError: state.firstError, pulledChanges: state.pulledChanges,
                pushedChanges: state.pushedChanges,
                bytes: Dictionary(uniqueKeysWithValues: state.bytes.map { ($0.key.rawValue, $0.value) }))
        }
    }

    /// Adds a shard's figures to these: the merged percentiles are exact, over every sample.
    func absorb(_ snapshot: Snapshot) {
        state.withLock { state in
            for (name, samples) in snapshot.latencies {
                guard let operation = Operation(rawValue: name) else { continue }
                state.latencies[operation, default: []].append(contentsOf: samples)
            }
            for (key, count) in snapshot.errors { state.errors[key, default: 0] += count }
            for (key, message) in snapshot.firstError where state.firstError[key] == nil {
                state.firstError[key] = message
            }
            state.pulledChanges += snapshot.pulledChanges
            state.pushedChanges += snapshot.pushedChanges
            for (name, bytes) in snapshot.bytes ?? [:] {
                guard let operation = Operation(rawValue: name) else { continue }
                state.bytes[operation, default: WireBytes()].add(bytes)
            }
        }
    }

    func recordPulled(_ count: Int) { state.withLock { $0.pulledChanges += count } }
    func recordPushed(_ count: Int) { state.withLock { $0.pushedChanges += count } }

    /// The latencies of one operation so far.
    func summary(_ operation: Operation) -> LatencySummary {
        LatencySummary(state.withLock { $0.latencies[operation] ?? [] })
    }

    /// The bytes of the answered requests of `operation` so far.
    func bytes(_ operation: Operation) -> WireBytes { state.withLock { $0.bytes[operation] ?? WireBytes() } }

    /// Requests of `operation` that answered successfully.
    func count(_ operation: Operation) -> Int { state.withLock { $0.latencies[operation]?.count ?? 0 } }

    /// Errors by `operation: kind`, each with the first message seen.
    var errors: [(key: String, count: Int, example: String)] {
        state.withLock { state in
            state.errors.sorted { $0.key < $1.key }.map { ($0.key, $0.value, state.firstError[$0.key] ?? "") }
        }
    }

    var errorCount: Int { state.withLock { $0.errors.values.reduce(0, +) } }
    var pulledChanges: Int { state.withLock { $0.pulledChanges } }
    var pushedChanges: Int { state.withLock { $0.pushedChanges } }
}
