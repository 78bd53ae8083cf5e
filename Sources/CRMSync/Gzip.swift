// crm — a terminal-first CRM. Licensed under the MIT License.

import CompressNIO
import Foundation
import NIOCore

/// gzip for sync bodies (SPEC 7: bodies are gzip-compressed).
///
/// Built on compress-nio (zlib), which the server already links through NIO; both client and
/// server use these helpers. Decompression takes a ceiling so that a small "zip bomb" body cannot
/// make the server allocate gigabytes.
public enum Gzip {
    /// Why a body could not be decompressed.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case corrupt
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case .corrupt: "the body is not valid gzip data; send plain JSON or gzip it whole"
            case .tooLarge(let limit): "the body inflates to more than \(limit) bytes; send fewer changes per request"
            }
        }
    }

    /// Compresses `buffer` to gzip.
    public static func compress(_ buffer: ByteBuffer) throws -> ByteBuffer {
        var input = buffer
        return try input.compress(with: .gzip())
    }

    /// Compresses bytes to gzip.
    public static func compress(_ data: Data) throws -> Data {
        Data(try compress(ByteBuffer(bytes: data)).readableBytesView)
    }

    /// Inflates gzip data, refusing output larger than `maxSize` bytes.
    public static func decompress(_ buffer: ByteBuffer, maxSize: Int) throws(Failure) -> ByteBuffer {
        var input = buffer
        do {
            // One byte of headroom: compress-nio can stop silently at exactly `maxSize`, so
            // anything that reaches it is treated as too large.
            let output = try input.decompress(with: .gzip(), maxSize: maxSize == .max ? maxSize : maxSize + 1)
            guard output.readableBytes <= maxSize else { throw Failure.tooLarge(limit: maxSize) }
            return output
        } catch let error as Failure {
            throw error
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw .tooLarge(limit: maxSize)
        } catch {
            throw .corrupt
        }
    }

    /// Inflates gzip bytes, refusing output larger than `maxSize` bytes.
    public static func decompress(_ data: Data, maxSize: Int) throws(Failure) -> Data {
        Data(try decompress(ByteBuffer(bytes: data), maxSize: maxSize).readableBytesView)
    }
}
