// crm — a terminal-first CRM. Licensed under the MIT License.

import CLibdeflate
import NIOCore

/// A libdeflate compressor for one whole body at a time, kept between bodies (`Gzip`).
///
/// A sync body is always whole in memory, which is what libdeflate is built for: it compresses a
/// buffer in one call, without zlib's streaming state. Deflating was a fifth to a third of what a
/// pull of 64 changes cost the server; with libdeflate that pull costs 10–25 % less in
/// `scripts/bench-request-cpu.sh` (its `pull-page` phase), and pull bodies in the load bench's mix
/// are 4.4 % smaller (Docs/BENCHMARKS.md, 2026-12-05). The output is
/// one ordinary gzip member (RFC 1952), read by zlib, `gunzip` and every HTTP client.
final class GzipDeflater {
    /// libdeflate's level 6, the level of zlib's default.
    ///
    /// Level 4 cost less CPU in the same bench but wrote pull bodies 1.5 % larger than zlib's in the
    /// load bench's mix, where level 6 wrote 4.4 % smaller ones, and bytes are what a device on a
    /// slow link pays for.
    static let level: Int32 = 6

    private let compressor: OpaquePointer

    private init(compressor: OpaquePointer) {
        self.compressor = compressor
    }

    deinit {
        libdeflate_free_compressor(compressor)
    }

    /// A new compressor; `Failure` only when libdeflate could not allocate one.
    static func make() throws(Failure) -> GzipDeflater {
        guard let compressor = libdeflate_alloc_compressor(level) else { throw Failure() }
        return GzipDeflater(compressor: compressor)
    }

    /// `buffer`'s readable bytes as one gzip member.
    func compress(_ buffer: ByteBuffer) throws(Failure) -> ByteBuffer {
        let bound = libdeflate_gzip_compress_bound(compressor, buffer.readableBytes)
        var output = ByteBufferAllocator().buffer(capacity: bound)
        let written = buffer.withUnsafeReadableBytes { input in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { out in
                libdeflate_gzip_compress(compressor, input.baseAddress, input.count, out.baseAddress, out.count)
            }
        }
        // 0 means the output did not fit, which the bound rules out.
        guard written > 0 else { throw Failure() }
        return output
    }

    /// libdeflate could not allocate a compressor, or its output did not fit its own bound.
    struct Failure: Error, CustomStringConvertible {
        var description: String { "libdeflate could not compress the body (out of memory)" }
    }
}
