// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Synchronization

/// Counts failed logins per tenant and user name and refuses more attempts after too many.
///
/// A sliding window: once `limit` failures fall within `window` seconds, every login for that
/// name gets 429 with `Retry-After` until the oldest of them ages out. The check runs before
/// bcrypt, so guessing costs the server nothing while a name is held; a success clears its count.
/// Counts live in this process, so N server instances allow N times the budget.
final class LoginThrottle: Sendable {
    let limit: Int
    let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    /// Names beyond this many are pruned of expired entries, bounding memory under a spray.
    static let pruneThreshold = 10_000

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `user` of `tenant` may try again, or nil when a try is allowed now.
    func retryAfter(tenant: String, user: String, now: Date) -> Int? {
        let recent = failures.withLock { $0[Self.key(tenant, user)] ?? [] }.filter {
            now.timeIntervalSince($0) < window
        }
        guard limit > 0, recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
    }

    /// Records one failed login.
    func recordFailure(tenant: String, user: String, now: Date) {
        failures.withLock { table in
            if table.count > Self.pruneThreshold {
                table = table.filter { _, dates in dates.contains { now.timeIntervalSince($0) < window } }
            }
            var dates = (table[Self.key(tenant, user)] ?? []).filter { now.timeIntervalSince($0) < window }
            dates.append(now)
            table[Self.key(tenant, user)] = Array(dates.suffix(max(limit, 1)))
        }
    }

    /// Forgets the failures of a name that just logged in.
    func recordSuccess(tenant: String, user: String) {
        _ = failures.withLock { $0.removeValue(forKey: Self.key(tenant, user)) }
    }

    static func key(_ tenant: String, _ user: String) -> String { tenant + "\u{0}" + user }
}
