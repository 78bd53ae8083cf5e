// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@testable import CRMServer

/// The bucket as the pull asks it, before the token is known valid.
///
/// A token without a bucket gets none and loses nothing; a known one is admitted or refused under
/// one lock, the same way `take` would answer. The routes' behaviour is in `RateLimitTests`.
@Suite struct TokenRateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func anUnknownTokenMakesNoBucket() {
        let limiter = TokenRateLimiter(rate: 1, burst: 2)
        for _ in 0..<5 { #expect(limiter.takeIfKnown("made-up", now: start) == .unknown) }
        #expect(limiter.take("made-up", now: start) == nil, "the bucket made later is full")
        #expect(limiter.takeIfKnown("made-up", now: start) == .admitted)
        #expect(limiter.takeIfKnown("made-up", now: start) == .refused)
    }

    @Test func aKnownTokenIsAdmittedUntilItsBucketIsEmptyThenAfterItRefills() {
        let limiter = TokenRateLimiter(rate: 0.5, burst: 3)
        #expect(limiter.take("device", now: start) == nil)
        #expect(limiter.takeIfKnown("device", now: start) == .admitted)
        #expect(limiter.takeIfKnown("device", now: start) == .admitted)
        #expect(limiter.takeIfKnown("device", now: start) == .refused)
        #expect(limiter.take("device", now: start) == 2, "a refusal took nothing: one request in 1 / 0.5 s")
        #expect(limiter.takeIfKnown("device", now: start.addingTimeInterval(1)) == .refused)
        #expect(limiter.takeIfKnown("device", now: start.addingTimeInterval(2)) == .admitted)
        #expect(limiter.takeIfKnown("device", now: start.addingTimeInterval(2)) == .refused)
    }

    @Test func rateZeroAdmitsEveryToken() {
        let limiter = TokenRateLimiter(rate: 0, burst: 1)
        for _ in 0..<3 { #expect(limiter.takeIfKnown("any", now: start) == .admitted) }
    }
}
