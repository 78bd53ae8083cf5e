// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSyncClient
import Testing

@Suite struct BackoffTests {
    /// Always the largest value, so each delay equals its ceiling.
    struct Highest: RandomNumberGenerator {
        mutating func next() -> UInt64 { .max }
    }

    @Test func ceilingsDoubleFromOneSecondUpToFiveMinutes() {
        var backoff = Backoff()
        var highest = Highest()
        var delays: [Double] = []
        for _ in 0..<12 { delays.append(backoff.next(using: &highest)) }
        #expect(delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300])
        #expect(backoff.attempt == 12)
    }

    @Test func delaysAreJitteredWithinTheCeilingAndResetStartsOver() {
        var backoff = Backoff()
        for _ in 0..<5 {
            let ceiling = backoff.ceiling
            #expect((0...ceiling).contains(backoff.next()))
        }
        backoff.reset()
        #expect(backoff.attempt == 0 && backoff.ceiling == 1)
        #expect((8...12).contains(Backoff.jittered(10)))
    }

    /// The first delays are under a second: "retrying in 0 s" read as no wait at all (issue 20).
    @Test func delaysReadInTenthsUnderTenSeconds() {
        #expect(Backoff.describe(0.4) == "400 ms")
        #expect(Backoff.describe(0.0001) == "1 ms")
        #expect(Backoff.describe(2.46) == "2.5 s")
        #expect(Backoff.describe(12.6) == "13 s")
        #expect(Backoff.describe(300) == "300 s")
    }
}
