// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import NIOCore

/// gzip for sync bodies (SPEC 7: bodies are gzip-compressed).
///
/// Compression is libdeflate's (`GzipDeflater`); so is inflation (`GzipOneShotInflater`), which hands
/// any body it cannot take whole to zlib (`GzipInflater`) to name the fault. Both client and
/// server use these helpers. Decompression takes a ceiling so that a small "zip bomb" body cannot
/// make the server allocate gigabytes, and takes only a whole member: inflated to its end, trailer
/// (CRC-32 and length of the inflated bytes) checked, with nothing after it. Which bodies are
/// compressed at all is `CompressionPolicy`'s.
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

    /// Compresses `buffer` to gzip, with libdeflate (`GzipDeflater`).
    ///
    /// With a compressor kept from an earlier call, not a new one: allocating one costs more than
    /// compressing a pull page of a few dozen changes.
    public static func compress(_ buffer: ByteBuffer) throws -> ByteBuffer {
        let deflater = try deflaters.take { try GzipDeflater.make() }
        let output = try deflater.compress(buffer)
        deflaters.give(deflater)
        return output
    }

    /// The compressors and decompressors between bodies.
    private static let deflaters = CodecContextPool<GzipDeflater>()
    private static let oneShotInflaters = CodecContextPool<GzipOneShotInflater>()
    private static let inflaters = CodecContextPool<GzipInflater>()

    /// Compresses bytes to gzip.
    public static func compress(_ data: Data) throws -> Data {
        Data(try compress(ByteBuffer(bytes: data)).readableBytesView)
    }

    /// Inflates one whole gzip member, refusing output larger than `maxSize` bytes.
    public static func decompress(_ buffer: ByteBuffer, maxSize: Int) throws(Failure) -> ByteBuffer {
        let oneShot: GzipOneShotInflater
        do { oneShot = try oneShotInflaters.take { try GzipOneShotInflater.make() } } catch { throw .corrupt }
        defer { oneShotInflaters.give(oneShot) }
        if let output = try oneShot.inflate(buffer, maxSize: maxSize) { return output }
        return try inflateWithZlib(buffer, maxSize: maxSize)
    }

    /// zlib's inflation, for a body libdeflate could not take whole: it grows its buffer past a
    /// trailer that lies, and says whether a body is corrupt or cut short.
    private static func inflateWithZlib(_ buffer: ByteBuffer, maxSize: Int) throws(Failure) -> ByteBuffer {
        // A kept inflate stream, reset after each body (`inflateReset`).
        let inflater: GzipInflater
        do { inflater = try inflaters.take { try GzipInflater.make() } } catch { throw .corrupt }
        defer { inflaters.give(inflater) }
        return try inflater.inflate(buffer, maxSize: maxSize)
    }

    /// Inflates gzip bytes, refusing output larger than `maxSize` bytes.
    public static func decompress(_ data: Data, maxSize: Int) throws(Failure) -> Data {
        Data(try decompress(ByteBuffer(bytes: data), maxSize: maxSize).readableBytesView)
    }
}
