// crm — a terminal-first CRM. Licensed under the MIT License.

import CCompressZlib
import CompressNIO
import Foundation
import NIOCore

/// gzip for sync bodies (SPEC 7: bodies are gzip-compressed).
///
/// Built on compress-nio (zlib), which the server already links through NIO; both client and
/// server use these helpers. Decompression takes a ceiling so that a small "zip bomb" body cannot
/// make the server allocate gigabytes, and checks the whole member: zlib stops quietly when the
/// input ends early or has bytes after the end, so the trailer (CRC-32 and length of the
/// inflated bytes) is checked here and anything after it is refused.
public enum Gzip {
    /// Why a body could not be decompressed.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case corrupt
        case tooLarge(limit: Int)
        /// The input ended before the gzip trailer, or the trailer does not match the data.
        case badTrailer
        /// Bytes follow the end of the gzip member.
        case trailingData(bytes: Int)

        public var description: String {
            switch self {
            case .corrupt: "the body is not valid gzip data; send plain JSON or gzip it whole"
            case .tooLarge(let limit): "the body inflates to more than \(limit) bytes; send fewer changes per request"
            case .badTrailer:
                "the gzip body is cut short or its trailer (CRC-32 and length) does not match; send it whole"
            case .trailingData(let bytes): "\(bytes) bytes follow the end of the gzip data; send one gzip member only"
            }
        }
    }

    /// Compresses `buffer` to gzip.
    ///
    /// With a zlib stream kept from an earlier call and reset (`deflateReset`), not a new one:
    /// `deflateInit2` allocates and clears about 256 KiB of state, which cost more than
    /// compressing a pull page of a few dozen changes. A reset stream writes the same bytes.
    public static func compress(_ buffer: ByteBuffer) throws -> ByteBuffer {
        var input = buffer
        let compressor = try deflaters.take { try ZlibCompressor(algorithm: .gzip) }
        var output = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input))
        try compressor.deflate(from: &input, to: &output, flush: .finish)
        try compressor.reset()
        deflaters.give(compressor)
        return output
    }

    /// The deflate and inflate streams between bodies.
    private static let deflaters = ZlibStreamPool<ZlibCompressor>()
    private static let inflaters = ZlibStreamPool<any NIODecompressor>()

    /// Compresses bytes to gzip.
    public static func compress(_ data: Data) throws -> Data {
        Data(try compress(ByteBuffer(bytes: data)).readableBytesView)
    }

    /// Inflates one whole gzip member, refusing output larger than `maxSize` bytes.
    public static func decompress(_ buffer: ByteBuffer, maxSize: Int) throws(Failure) -> ByteBuffer {
        var input = buffer
        let output: ByteBuffer
        do {
            // A kept inflate stream, reset after use (`inflateReset`), as `compress` keeps deflate
            // streams; one that threw is dropped. One byte of headroom: compress-nio can stop
            // silently at exactly `maxSize`, so anything that reaches it is treated as too large.
            let decompressor = try inflaters.take {
                let made = CompressionAlgorithm.gzip().decompressor
                try made.startStream()
                return made
            }
            output = try input.decompressStream(
                with: decompressor, maxSize: maxSize == .max ? maxSize : maxSize + 1)
            try decompressor.resetStream()
            inflaters.give(decompressor)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw .tooLarge(limit: maxSize)
        } catch {
            throw .corrupt
        }
        guard output.readableBytes <= maxSize else { throw .tooLarge(limit: maxSize) }
        // What zlib left unread follows the member's end.
        guard input.readableBytes == 0 else { throw .trailingData(bytes: input.readableBytes) }
        try checkTrailer(of: buffer, against: output)
        return output
    }

    /// Inflates gzip bytes, refusing output larger than `maxSize` bytes.
    public static func decompress(_ data: Data, maxSize: Int) throws(Failure) -> Data {
        Data(try decompress(ByteBuffer(bytes: data), maxSize: maxSize).readableBytesView)
    }

    /// Checks the gzip trailer: CRC-32 and length (mod 2^32) of the inflated bytes.
    ///
    /// They are the member's last 8 bytes, little-endian. zlib checks them when it reaches them;
    /// an input cut short never gets there, so they are checked again here.
    static func checkTrailer(of input: ByteBuffer, against output: ByteBuffer) throws(Failure) {
        guard input.readableBytes >= 18,
            let crc = input.getInteger(at: input.writerIndex - 8, endianness: .little, as: UInt32.self),
            let length = input.getInteger(at: input.writerIndex - 4, endianness: .little, as: UInt32.self)
        else { throw .badTrailer }
        guard length == UInt32(truncatingIfNeeded: output.readableBytes), crc == zlibCRC32(output) else {
            throw .badTrailer
        }
    }

    /// zlib's CRC-32 of the readable bytes, which reads words at a time: `CRC32.checksum`, a byte
    /// at a time through a view, was a sixth of crm-load's CPU with gzip answers.
    static func zlibCRC32(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            return UInt32(crc32_z(0, base.assumingMemoryBound(to: Bytef.self), bytes.count))
        }
    }
}
