// crm — a terminal-first CRM. Licensed under the MIT License.

import CLibdeflate
import NIOCore

/// A libdeflate decompressor for one whole gzip member in one call, kept between bodies (`Gzip`).
///
/// Every pull page a device reads and every push the server reads is inflated, and zlib's inflate
/// was a fifth of crm-load's CPU in the load bench's mix. libdeflate inflates a whole buffer
/// without zlib's streaming state, but it needs the output's size up front and reports every
/// fault as one "bad data". So this path takes only what it is sure of: a member it inflated whole,
/// trailer checked, into the size the trailer claims (`GzipInflater.firstCapacity`), refused as too
/// large when it is one byte past the caller's limit, or when bytes follow it. Anything else (a
/// corrupt or cut-short body, a trailer that lies about the length, output that overran the room)
/// answers nil, and the caller asks zlib (`GzipInflater`), which grows its buffer and names the
/// fault precisely. The fallback costs only bodies that are wrong or unusual, never a well-formed
/// one.
final class GzipOneShotInflater {
    private let decompressor: OpaquePointer

    private init(decompressor: OpaquePointer) {
        self.decompressor = decompressor
    }

    deinit {
        libdeflate_free_decompressor(decompressor)
    }

    /// A new decompressor; `corrupt` if libdeflate could not allocate one (out of memory).
    static func make() throws(Gzip.Failure) -> GzipOneShotInflater {
        guard let decompressor = libdeflate_alloc_decompressor() else { throw .corrupt }
        return GzipOneShotInflater(decompressor: decompressor)
    }

    /// `input`, one whole gzip member, inflated; nil when only zlib can say what is wrong with it.
    ///
    /// Throws `tooLarge` when a whole member inflated to `maxSize + 1` bytes, and `trailingData`
    /// when bytes follow the member, as `GzipInflater` does.
    func inflate(_ input: ByteBuffer, maxSize: Int) throws(Gzip.Failure) -> ByteBuffer? {
        // One byte of headroom: output that reaches `maxSize + 1` is too large.
        let ceiling = maxSize == .max ? maxSize : maxSize + 1
        let capacity = GzipInflater.firstCapacity(for: input, ceiling: ceiling)
        var output = ByteBufferAllocator().buffer(capacity: capacity)
        var read = 0
        var result = LIBDEFLATE_BAD_DATA
        _ = input.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { target in
                var written = 0
                result = libdeflate_gzip_decompress_ex(
                    decompressor, source.baseAddress, source.count, target.baseAddress, capacity, &read, &written)
                return result == LIBDEFLATE_SUCCESS ? written : 0
            }
        }
        // Also "insufficient space" at the ceiling goes to zlib: libdeflate reads the last eight
        // bytes as the trailer, never as deflate data, so a body cut short inflates the rest of its
        // last block from nothing and can overrun. zlib tells that from a real excess.
        guard result == LIBDEFLATE_SUCCESS else { return nil }
        guard output.readableBytes <= maxSize else { throw .tooLarge(limit: maxSize) }
        let rest = input.readableBytes - read
        guard rest == 0 else { throw .trailingData(bytes: rest) }
        return output
    }
}
