// crm — a terminal-first CRM. Licensed under the MIT License.

import CCompressZlib
import NIOCore

/// A zlib inflate stream for one whole gzip member at a time, kept between bodies (`Gzip`).
///
/// Bodies reach it only when libdeflate's one call (`GzipOneShotInflater`) could not take them
/// whole: a corrupt or cut-short body, whose fault zlib names, or a trailer whose length is wrong.
///
/// compress-nio inflates into a buffer of 1.5 times the input, then into more buffers of growing
/// size each time the last one fills, and copies them into one at the end; a pull page of rows
/// inflates to four or five times its size, so it took three buffers and a copy, and `Gzip` then
/// ran the CRC-32 over the output again to catch an input cut short. This one reads the member's
/// length from its trailer (ISIZE, its last four bytes) and inflates into one buffer of that size,
/// capped by the caller's ceiling and by what deflate can expand the input to at most, so a
/// trailer that lies costs no more memory than the `InflationBudget` reserved; a buffer too small
/// grows. zlib checks the trailer (CRC-32 and length) when it reaches it, and a member is taken
/// only when zlib says it ended (`Z_STREAM_END`): an input cut short never gets there.
final class GzipInflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// At most this many bytes of output per byte of deflate input (zlib's technical report:
    /// 1,032:1 at best, for long runs of one byte), and the gzip frame's 18 bytes.
    static let maxRatio = 1032

    private init(stream: UnsafeMutablePointer<z_stream>) {
        self.stream = stream
    }

    /// A new stream; `corrupt` if zlib could not make one (out of memory).
    static func make() throws(Gzip.Failure) -> GzipInflater {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: a 32 KiB window and a gzip wrapper (header and trailer) only.
        guard CCompressZlib_inflateInit2(stream, 15 + 16) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .corrupt
        }
        return GzipInflater(stream: stream)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates `input`, one whole gzip member, refusing output larger than `maxSize` bytes; the
    /// stream is reset for the next body however it ends.
    func inflate(_ input: ByteBuffer, maxSize: Int) throws(Gzip.Failure) -> ByteBuffer {
        defer { inflateReset(stream) }
        // One byte of headroom: output that reaches `maxSize + 1` is too large.
        let ceiling = maxSize == .max ? maxSize : maxSize + 1
        var output = ByteBufferAllocator().buffer(capacity: Self.firstCapacity(for: input, ceiling: ceiling))
        var consumed = 0
        while true {
            let result = Self.step(stream, input: input, from: &consumed, into: &output, ceiling: ceiling)
            switch result {
            case Z_STREAM_END:
                guard output.readableBytes <= maxSize else { throw .tooLarge(limit: maxSize) }
                let rest = input.readableBytes - consumed
                guard rest == 0 else { throw .trailingData(bytes: rest) }
                return output
            case Z_OK, Z_BUF_ERROR:
                if output.readableBytes >= ceiling { throw .tooLarge(limit: maxSize) }
                // zlib stopped with room left to write: it has read the whole input, which ended
                // before the member did.
                if output.writableBytes > 0 { throw .badTrailer }
                let grown = output.capacity > ceiling / 2 ? ceiling : output.capacity * 2
                output.reserveCapacity(max(grown, output.capacity + 1))
            case Z_DATA_ERROR:
                // zlib's own words for a trailer that does not match what it inflated.
                let message = stream.pointee.msg.map { String(cString: $0) } ?? ""
                throw message.hasPrefix("incorrect data check") || message.hasPrefix("incorrect length check")
                    ? .badTrailer : .corrupt
            default:
                throw .corrupt
            }
        }
    }

    /// The trailer's length when it is believable, within `ceiling`; else a small start.
    static func firstCapacity(for input: ByteBuffer, ceiling: Int) -> Int {
        let compressed = input.readableBytes
        let claimed =
            compressed >= 18
            ? Int(input.getInteger(at: input.writerIndex - 4, endianness: .little, as: UInt32.self) ?? 0) : 0
        let believable = min(claimed, compressed.multipliedReportingOverflow(by: maxRatio).partialValue)
        return max(1, min(believable == 0 ? compressed * 4 : believable, ceiling))
    }

    /// One call of `inflate` from `input` after `consumed` into `output`'s free space (at most up
    /// to `ceiling` bytes in all); moves both on by what zlib read and wrote.
    private static func step(
        _ stream: UnsafeMutablePointer<z_stream>, input: ByteBuffer, from consumed: inout Int,
        into output: inout ByteBuffer, ceiling: Int
    ) -> Int32 {
        let room = min(output.writableBytes, ceiling - output.readableBytes)
        var result = Z_OK
        input.withUnsafeReadableBytes { source in
            let start = consumed
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { target in
                stream.pointee.next_in = UnsafeMutablePointer(
                    mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self).advanced(by: start))
                stream.pointee.avail_in = UInt32(source.count - start)
                stream.pointee.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(room)
                result = CCompressZlib.inflate(stream, Z_NO_FLUSH)
                consumed = source.count - Int(stream.pointee.avail_in)
                return room - Int(stream.pointee.avail_out)
            }
        }
        return result
    }
}
