// crm — a terminal-first CRM. Licensed under the MIT License.

import CZstd
import NIOCore

/// zstd (RFC 8878) for pull answers, the coding a client that lists it in `Accept-Encoding` gets.
///
/// A device pulls a page of its team's changes every few seconds, so compressing answers was the
/// largest single part of the server's CPU on gzip (18 % at 16,000 devices, Docs/BENCHMARKS.md).
/// zstd at level 1, with a context kept between bodies, compressed the same captured pull answers
/// at a third of libdeflate's level-6 cost for 2 % more bytes, and decompresses faster on the
/// device too. gzip stays for every client that does not ask for zstd (`ContentCoding`).
public enum Zstd {
    /// Why a body could not be compressed or decompressed.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// zstd's own reason, e.g. "Data corruption detected" or "Restored data doesn't match checksum".
        case corrupt(String)
        case tooLarge(limit: Int)
        /// The input ended inside the frame.
        case truncated
        /// Bytes follow the end of the frame.
        case trailingData(bytes: Int)
        /// zstd could not allocate a context.
        case outOfMemory

        public var description: String {
            switch self {
            case .corrupt(let reason): "the body is not valid zstd data (\(reason))"
            case .tooLarge(let limit): "the body decompresses to more than \(limit) bytes"
            case .truncated: "the zstd body is cut short; it ends inside its frame"
            case .trailingData(let bytes): "\(bytes) bytes follow the end of the zstd frame; send one frame only"
            case .outOfMemory: "zstd could not allocate a context (out of memory)"
            }
        }
    }

    /// Level 1: on captured pull answers it wrote 2 % more bytes than libdeflate's level 6 at a
    /// third of its cost; zstd's default level 3 cost a third more than level 1 for no fewer bytes.
    static let level: Int32 = 1

    private static let compressors = CodecContextPool<ZstdCompressor>()
    private static let decompressors = CodecContextPool<ZstdDecompressor>()

    /// `buffer`'s readable bytes as one zstd frame, with its content size and checksum.
    public static func compress(_ buffer: ByteBuffer) throws(Failure) -> ByteBuffer {
        let compressor = try compressors.take { () throws(Failure) in try ZstdCompressor.make(level: level) }
        let output = try compressor.compress(buffer)
        compressors.give(compressor)
        return output
    }

    /// The content size a frame's header records, or nil when it records none (a streaming
    /// writer's frame) or the bytes are no frame; `tooLarge` for a size no buffer could hold.
    ///
    /// A server reserves this much before decompressing (`InflationBudget`): the decompressor
    /// never writes past it.
    public static func recordedSize(of buffer: ByteBuffer) throws(Failure) -> Int? {
        let claimed = buffer.withUnsafeReadableBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        guard crm_zstd_content_size_known(claimed) != 0 else { return nil }
        guard claimed <= UInt64(Int.max) else { throw .tooLarge(limit: .max) }
        return Int(claimed)
    }

    /// Decompresses one whole zstd frame, refusing output larger than `maxSize` bytes.
    public static func decompress(_ buffer: ByteBuffer, maxSize: Int) throws(Failure) -> ByteBuffer {
        let decompressor = try decompressors.take { () throws(Failure) in try ZstdDecompressor.make() }
        let output = try decompressor.decompress(buffer, maxSize: maxSize)
        decompressors.give(decompressor)
        return output
    }
}
