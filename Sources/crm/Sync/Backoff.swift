// crm — a terminal-first CRM. Licensed under the MIT License.

/// Exponential backoff with full jitter (1 s base, 5 min cap), as SYNC.md 3.13 asks.
///
/// Full jitter spreads a crowd of clients that lost the server at the same moment, so their
/// retries do not arrive as one storm when it comes back.
struct Backoff {
    var attempt = 0
    let base = 1.0
    let cap = 300.0

    mutating func next() -> Double {
        let ceiling = min(cap, base * Double(1 << min(attempt, 16)))
        attempt += 1
        return Double.random(in: 0...ceiling)
    }

    mutating func reset() { attempt = 0 }

    /// An interval with ±20% jitter.
    static func jittered(_ seconds: Double) -> Double { seconds * Double.random(in: 0.8...1.2) }
}
