// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// Compressors and decompressors (libdeflate's, and zlib's inflate streams) kept between bodies, so
/// that each body does not pay for a new one (`Gzip`).
///
/// A stream is handed to one caller at a time: `take` removes it from the pool and `give` puts it
/// back once the caller has reset it. A stream whose body threw is simply not given back. At most
/// `limit` wait here; more are freed after use.
final class ZlibStreamPool<Stream>: Sendable {
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
    func take(_ make: () throws -> Stream) rethrows -> Stream {
        try idle.withLock { $0.popLast() }?.stream ?? make()
    }

    /// Keeps `stream`, reset, for a later caller.
    func give(_ stream: Stream) {
        idle.withLock { streams in
            if streams.count < limit { streams.append(Kept(stream: stream)) }
        }
    }
}
