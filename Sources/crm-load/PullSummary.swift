// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore

/// The parts of a pull answer a simulated client needs: the change count, next cursor, more.
///
/// Decoding every change (as `PullResponse` does), or even decoding the answer with
/// `JSONDecoder` and skipping the changes, spends the bench's CPU, which the server shares on
/// this machine, on work a real device does in its own process: `JSONDecoder` was a sixth of
/// crm-load's CPU (Docs/BENCHMARKS.md, 2026-12-04 evening). The answer is scanned instead: the
/// top-level object's keys, the elements of `changes` counted and skipped as JSON values, the two
/// fields read. The scan checks the JSON's structure as it goes; the verification decodes full
/// `PullResponse`s.
struct PullSummary: Equatable {
    var changeCount: Int
    var nextAfter: Int64
    var hasMore: Bool

    /// Scans a pull answer; a body that is not a JSON object with these fields is a `badBody`
    /// naming the byte offset at fault.
    init(scanning body: ByteBuffer) throws(LoadError) {
        self = try body.withUnsafeReadableBytes { bytes throws(LoadError) in try Self.scan(bytes) }
    }

    private static func scan(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> PullSummary {
        var scanner = JSONScanner(bytes: bytes)
        var count: Int?
        var nextAfter: Int64?
        var hasMore: Bool?
        try scanner.expect(UInt8(ascii: "{"))
        if !(try scanner.consume(UInt8(ascii: "}"))) {
            repeat {
                // The page's changes are `changes`, or `rows` in the compact format (`PullRows`).
                let key = try scanner.key(among: ["changes", "rows", "next_after", "has_more"])
                try scanner.expect(UInt8(ascii: ":"))
                switch key {
                case 0, 1: count = try scanner.countArray()
                case 2: nextAfter = try scanner.integer()
                case 3: hasMore = try scanner.boolean()
                default: try scanner.skipValue()
                }
            } while try scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"))
        }
        try scanner.expectEnd()
        guard let count, let nextAfter, let hasMore else {
            throw .badBody("a pull answer without changes (or rows), next_after or has_more")
        }
        return PullSummary(changeCount: count, nextAfter: nextAfter, hasMore: hasMore)
    }

    init(changeCount: Int, nextAfter: Int64, hasMore: Bool) {
        self.changeCount = changeCount
        self.nextAfter = nextAfter
        self.hasMore = hasMore
    }
}
