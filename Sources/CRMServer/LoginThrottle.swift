// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Synchronization

/// Counts failed logins per key and refuses more attempts after too many.
///
/// A sliding window: once `limit` failures fall within `window` seconds, every login for that
/// key gets 429 with `Retry-After` until the oldest of them ages out. `SessionController` keeps
/// two: one keyed by tenant and user name (guessing one account's password), one by client
/// address (spraying many names from one place). The check runs before bcrypt, so a held key
/// costs the server nothing. Counts live in this process, so N server instances allow N times
/// the budget.
final class LoginThrottle: Sendable {
    let limit: Int
    let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    /// Keys beyond this many are pruned of expired entries, bounding memory under a spray.
    static let pruneThreshold = 10_000

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `key` may try again, or nil when a try is allowed now.
    func retryAfter(_ key: String, now: Date) -> Int? {
        let recent = failures.withLock { $0[key] ?? [] }.filter { now.timeIntervalSince($0) < window }
        guard limit > 0, recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
    }

    /// Records one failed login.
    func recordFailure(_ key: String, now: Date) {
        failures.withLock { table in
            if table.count > Self.pruneThreshold {
                table = table.filter { _, dates in dates.contains { now.timeIntervalSince($0) < window } }
            }
            var dates = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
            dates.append(now)
            table[key] = Array(dates.suffix(max(limit, 1)))
        }
    }

    /// Forgets the failures of a key (a name that just logged in).
    func clear(_ key: String) {
        _ = failures.withLock { $0.removeValue(forKey: key) }
    }

    /// The key of one account: tenant and user name.
    static func key(tenant: String, user: String) -> String { tenant + "\u{0}" + user }
}
