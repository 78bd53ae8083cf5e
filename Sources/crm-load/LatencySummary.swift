// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Percentiles of one operation's latencies, in milliseconds.
///
/// Exact (sorted samples, nearest rank), not a histogram: a two-minute run of 24,000 clients has
/// well under a million samples per operation, which sort in a fraction of a second.
struct LatencySummary: Sendable {
    var count: Int
    var p50: Double
    var p99: Double
    var max: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        func rank(_ quantile: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Int((quantile * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(0.50)
        p99 = rank(0.99)
        max = sorted.last ?? 0
    }

    /// `p50 1.234 ms   p99 5.678 ms   max 9.000 ms   (n=123)`.
    var line: String {
        String(format: "p50 %9.3f ms   p99 %9.3f ms   max %9.3f ms   (n=%d)", p50, p99, max, count)
    }
}
