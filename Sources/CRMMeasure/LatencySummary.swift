// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Percentiles of one operation's latencies, in milliseconds: the one way `crm-bench` and
/// `crm-load` report them.
///
/// Exact (sorted samples, nearest rank), not a histogram: a two-minute run of 24,000 clients has
/// well under a million samples per operation, which sort in a fraction of a second.
///
/// ```swift
/// let summary = LatencySummary([1.2, 0.8, 5.0])
/// print(summary.line)  // p50     1.200 ms   p99     5.000 ms   max     5.000 ms   (n=3)
/// ```
public struct LatencySummary: Sendable, Equatable {
    public var count: Int
    public var p50: Double
    public var p99: Double
    public var max: Double

    public init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        p50 = Self.percentile(50, ofSorted: sorted)
        p99 = Self.percentile(99, ofSorted: sorted)
        max = sorted.last ?? 0
    }

    /// The `p`-th percentile (0...100) of ascending `sorted` samples by nearest rank; 0 when empty.
    ///
    /// The smallest sample with at least `p`% of the samples at or below it.
    public static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank))]
    }

    /// `p50     1.234 ms   p99     5.678 ms   max     9.000 ms   (n=123)`.
    public var line: String {
        String(format: "p50 %9.3f ms   p99 %9.3f ms   max %9.3f ms   (n=%d)", p50, p99, max, count)
    }
}
