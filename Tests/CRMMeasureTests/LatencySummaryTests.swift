// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMeasure
import Testing

@Suite struct LatencySummaryTests {
    /// Nearest rank over 1...100 ms: the p-th percentile is p ms exactly.
    @Test func nearestRankOnAHundredSamples() {
        let summary = LatencySummary((1...100).reversed().map(Double.init))
        #expect(summary.count == 100)
        #expect(summary.p50 == 50)
        #expect(summary.p99 == 99)
        #expect(summary.max == 100)
    }

    /// With fewer than a hundred samples, p99 is the largest: no sample is interpolated.
    @Test func smallSamplesAreNotInterpolated() {
        let summary = LatencySummary([3, 1, 2])
        #expect(summary.p50 == 2)
        #expect(summary.p99 == 3)
        #expect(LatencySummary.percentile(0, ofSorted: [1, 2, 3]) == 1)
        #expect(LatencySummary.percentile(100, ofSorted: [1, 2, 3]) == 3)
    }

    @Test func noSamplesGiveZeros() {
        #expect(LatencySummary([]) == LatencySummary([0]).withCount(0))
        #expect(LatencySummary([]).line == "p50     0.000 ms   p99     0.000 ms   max     0.000 ms   (n=0)")
    }
}

extension LatencySummary {
    fileprivate func withCount(_ count: Int) -> LatencySummary {
        var copy = self
        copy.count = count
        return copy
    }
}
