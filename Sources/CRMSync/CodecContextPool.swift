// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// Compressors and decompressors (libdeflate's, zlib's inflate streams, zstd's contexts) kept
/// between bodies, so that each body does not pay for a new one (`Gzip`, `Zstd`).
///
/// A stream is handed to one caller at a time: `take` removes it from the pool and `give` puts it
/// back once the caller has reset it. A stream whose body threw is simply not given back. At most
/// `limit` wait here; more are freed after use.
final class CodecContextPool<Stream>: Sendable {
    /// A stream, moved between threads only through the pool's lock.
    private struct Kept: @unchecked Sendable {
        let stream: Stream
    }

    private let idle = Mutex<[Kept]>([])
    private let limit: Int

    /// As many as threads compress at once in practice.
    init(limit: Int = 16) {
        self.limit = limit
    }

    /// A kept stream, or a new one from `make`.
    func take<Failure: Error>(_ make: () throws(Failure) -> Stream) throws(Failure) -> Stream {
        if let kept = idle.withLock({ $0.popLast() }) { return kept.stream }
        return try make()
    }

    /// Keeps `stream`, reset, for a later caller.
    func give(_ stream: Stream) {
        idle.withLock { streams in
            if streams.count < limit { streams.append(Kept(stream: stream)) }
        }
    }
}
