// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore

/// What a simulated client needs of a push answer: the device seq the server stored through.
///
/// Scanned like a pull answer (`PullSummary`, `JSONScanner`) instead of decoded whole with
/// `JSONDecoder`, which was 5 % of crm-load's CPU once pulls were scanned (Docs/BENCHMARKS.md,
/// 2026-12-04 evening). Conflicts and refusals are skipped: the server's log is what the
/// verification checks.
struct PushSummary: Equatable {
    var acceptedThrough: Int64

    /// Scans a push answer; one without `accepted_through` is a `badBody`.
    init(scanning body: ByteBuffer) throws(LoadError) {
        self = try body.withUnsafeReadableBytes { bytes throws(LoadError) in try Self.scan(bytes) }
    }

    init(acceptedThrough: Int64) {
        self.acceptedThrough = acceptedThrough
    }

    private static func scan(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> PushSummary {
        var scanner = JSONScanner(bytes: bytes)
        var accepted: Int64?
        try scanner.expect(UInt8(ascii: "{"))
        if !(try scanner.consume(UInt8(ascii: "}"))) {
            repeat {
                let key = try scanner.key(among: ["accepted_through"])
                try scanner.expect(UInt8(ascii: ":"))
                if key == 0 { accepted = try scanner.integer() } else { try scanner.skipValue() }
            } while try scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"))
        }
        try scanner.expectEnd()
        guard let accepted else { throw .badBody("a push answer without accepted_through") }
        return PushSummary(acceptedThrough: accepted)
    }
}
