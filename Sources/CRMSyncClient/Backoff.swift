// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Exponential backoff with full jitter (1 s base, 5 min cap), as SYNC.md 3.13 asks.
///
/// Full jitter spreads a crowd of clients that lost the server at the same moment, so their
/// retries do not arrive as one storm when it comes back. `crm sync` and the TUI's background
/// `SyncWorker` both wait with it.
///
/// ```swift
/// var backoff = Backoff()
/// let delay = backoff.next()  // 0...1 s, then 0...2 s, 0...4 s, … up to 0...300 s
/// backoff.reset()             // after a sync that worked
/// ```
public struct Backoff: Sendable {
    /// Failed attempts since the last `reset`.
    public private(set) var attempt = 0
    public let base = 1.0
    public let cap = 300.0

    public init() {}

    /// The longest the next delay can be: `base` doubled per attempt, at most `cap`.
    public var ceiling: Double { min(cap, base * Double(1 << min(attempt, 16))) }

    /// The next delay in seconds, anywhere in `0...ceiling`; counts one more attempt.
    public mutating func next() -> Double {
        var generator = SystemRandomNumberGenerator()
        return next(using: &generator)
    }

    /// `next()` with a given source of randomness.
    public mutating func next(using generator: inout some RandomNumberGenerator) -> Double {
        let delay = Double.random(in: 0...ceiling, using: &generator)
        attempt += 1
        return delay
    }

    /// Starts again from `base`, after a sync that worked.
    public mutating func reset() { attempt = 0 }

    /// A delay as a person reads it, never "0 s": milliseconds under a second ("400 ms"), tenths
    /// under 10 s ("2.5 s"), whole seconds above.
    public static func describe(_ seconds: Double) -> String {
        if seconds < 1 { return "\(max(1, Int((seconds * 1000).rounded()))) ms" }
        return seconds < 10 ? String(format: "%.1f s", seconds) : "\(Int(seconds.rounded())) s"
    }

    /// An interval with ±20% jitter, so devices synced every `seconds` drift apart.
    public static func jittered(_ seconds: Double) -> Double { seconds * Double.random(in: 0.8...1.2) }
}
