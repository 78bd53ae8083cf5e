// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Synchronization

/// A token bucket per session token: `burst` requests at once, refilled at `rate` per second.
///
/// Bounds what one token (one device) can ask of an instance, so a client stuck in a loop cannot
/// starve the others. The defaults (`ServerConfiguration`) are far above a sync client's needs: a
/// sync every 10 s is a push and a pull or two, and a 10,000-change backlog is 10 pushes. Buckets
/// live in this process; behind nginx each instance keeps its own, so N instances allow up to N
/// times the rate.
final class TokenRateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let rate: Double
    let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// Beyond this many buckets, full ones (idle tokens) are dropped, bounding memory.
    static let pruneThreshold = 50_000

    /// `rate` 0 turns the limit off.
    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = Double(max(burst, 1))
    }

    /// Takes one request from `key`'s bucket: nil when allowed, else the seconds until one is.
    func take(_ key: String, now: Date) -> Int? {
        guard rate > 0 else { return nil }
        return buckets.withLock { table in
            if table.count > Self.pruneThreshold {
                table = table.filter { _, bucket in self.refilled(bucket, now: now).tokens < burst }
            }
            return take(from: &table, key: key, bucket: table[key] ?? Bucket(tokens: burst, updated: now), now: now)
        }
    }

    /// What `takeIfKnown` did.
    enum Admission: Hashable, Sendable {
        /// One request taken from the bucket.
        case admitted
        /// The bucket is empty; nothing taken (`take` says for how long).
        case refused
        /// No bucket for the key: nothing made, nothing taken.
        case unknown
    }

    /// Takes one request from `key`'s bucket if it has one, under one lock; makes no bucket.
    ///
    /// The pull asks this before it knows the token is valid (`ChangesController.pull`): a token
    /// seen before is admitted or refused at once, and an unknown one makes no bucket until its
    /// session is read, so a flood of made-up tokens does not fill the table.
    func takeIfKnown(_ key: String, now: Date) -> Admission {
        guard rate > 0 else { return .admitted }
        return buckets.withLock { table in
            guard let bucket = table[key] else { return .unknown }
            return take(from: &table, key: key, bucket: bucket, now: now) == nil ? .admitted : .refused
        }
    }

    /// Takes one request from `bucket`, refilled to `now`, and stores it under `key`: nil when
    /// taken, else the seconds until one can be.
    private func take(from table: inout [String: Bucket], key: String, bucket: Bucket, now: Date) -> Int? {
        var bucket = refilled(bucket, now: now)
        defer { table[key] = bucket }
        guard bucket.tokens < 1 else {
            bucket.tokens -= 1
            return nil
        }
        return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
    }

    func refilled(_ bucket: Bucket, now: Date) -> Bucket {
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        return Bucket(tokens: min(burst, bucket.tokens + elapsed * rate), updated: max(now, bucket.updated))
    }
}
