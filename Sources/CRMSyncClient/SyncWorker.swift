// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMStore
import Foundation

/// Syncs in the background while the TUI runs: every `interval` seconds (±20%), backing off with
/// full jitter (1 s base, 5 min cap) while the server is away.
///
/// Every round records its outcome in the store (`last_sync`, `last_error`), which the status
/// line reads, so a keystroke never waits on the network. Stops when the database is not
/// linked to a server, or when cancelled.
public struct SyncWorker: Sendable {
    let store: Store
    let interval: Double
    let environment: [String: String]
    let pause: @Sendable (Double) async -> Void

    /// - Parameter pause: waits the given seconds between rounds; tests pass a gate that decides
    ///   when the next round starts (and sees each delay), instead of sleeping and polling.
    public init(
        store: Store, interval: Double = 10, environment: [String: String] = ProcessInfo.processInfo.environment,
        pause: @escaping @Sendable (Double) async -> Void = { try? await Task.sleep(for: .seconds($0)) }
    ) {
        self.store = store
        self.interval = interval
        self.environment = environment
        self.pause = pause
    }

    /// Runs until cancelled; returns at once if the database is not linked.
    public func run() async {
        var backoff = Backoff()
        while !Task.isCancelled {
            let delay: Double
            do {
                _ = try await SyncClient(store: store, environment: environment).syncOnce()
                backoff.reset()
                delay = Backoff.jittered(interval)
            } catch SyncError.notLoggedIn {
                return
            } catch {
                // Network trouble and refusals alike: wait longer each time, never give up.
                delay = backoff.next()
            }
            await pause(delay)
        }
    }
}
