// crm — a terminal-first CRM. Licensed under the MIT License.

import CZstd
import NIOCore

/// A zstd decompression context for one whole frame at a time, kept between bodies (`Zstd`).
///
/// It streams into a buffer that grows up to the caller's ceiling, so a frame that says nothing of
/// its size, or lies about it, still cannot make the reader allocate more than the ceiling, and
/// the window a frame may ask for is bounded too (`windowLogMax`).
final class ZstdDecompressor {
    /// 8 MiB: a frame that asks for a larger window (zstd's default limit is 128 MiB) is refused.
    ///
    /// The server's frames ask for the body's size, and a pull page is at most a few MiB.
    static let windowLogMax: Int32 = 23

    private let context: OpaquePointer

    private init(context: OpaquePointer) {
        self.context = context
    }

    deinit {
        ZSTD_freeDCtx(context)
    }

    /// A new context with the bounded window.
    static func make() throws(Zstd.Failure) -> ZstdDecompressor {
        guard let context = ZSTD_createDCtx() else { throw .outOfMemory }
        let decompressor = ZstdDecompressor(context: context)
        let status = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, windowLogMax)
        if ZSTD_isError(status) != 0 { throw .corrupt(String(cString: ZSTD_getErrorName(status))) }
        return decompressor
    }

    /// `input`, one whole zstd frame, decompressed; `tooLarge` past `maxSize` bytes, `truncated`
    /// when it ends inside the frame, `trailingData` when bytes follow the frame.
    func decompress(_ input: ByteBuffer, maxSize: Int) throws(Zstd.Failure) -> ByteBuffer {
        ZSTD_DCtx_reset(context, ZSTD_reset_session_only)
        // One byte of headroom: output that reaches `maxSize + 1` is too large.
        let ceiling = maxSize == .max ? maxSize : maxSize + 1
        var output = ByteBufferAllocator().buffer(capacity: try firstCapacity(for: input, ceiling: ceiling))
        var consumed = 0
        while true {
            if output.writableBytes == 0 || output.readableBytes == ceiling {
                guard output.readableBytes < ceiling else { throw .tooLarge(limit: maxSize) }
                output.reserveCapacity(min(ceiling, output.capacity * 2))
            }
            let room = min(output.writableBytes, ceiling - output.readableBytes)
            var status = 0
            var written = 0
            _ = input.withUnsafeReadableBytes { source in
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { target in
                    var inBuffer = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: consumed)
                    var outBuffer = ZSTD_outBuffer(dst: target.baseAddress, size: room, pos: 0)
                    status = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                    consumed = inBuffer.pos
                    written = outBuffer.pos
                    return outBuffer.pos
                }
            }
            if ZSTD_isError(status) != 0 { throw .corrupt(String(cString: ZSTD_getErrorName(status))) }
            if status == 0 {
                let rest = input.readableBytes - consumed
                guard rest == 0 else { throw .trailingData(bytes: rest) }
                guard output.readableBytes <= maxSize else { throw .tooLarge(limit: maxSize) }
                return output
            }
            // The frame is not done, yet there was room for output and no input is left.
            if consumed == input.readableBytes, written < room { throw .truncated }
        }
    }

    /// The frame's own size when it records one (refused at once when past the ceiling), else a
    /// guess of four times the input, which grows as needed.
    private func firstCapacity(for input: ByteBuffer, ceiling: Int) throws(Zstd.Failure) -> Int {
        let claimed = input.withUnsafeReadableBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        if crm_zstd_content_size_known(claimed) != 0 {
            guard claimed < UInt64(ceiling) else { throw .tooLarge(limit: ceiling == .max ? ceiling : ceiling - 1) }
            return max(Int(claimed), 1)
        }
        let (guess, overflow) = input.readableBytes.multipliedReportingOverflow(by: 4)
        return min(ceiling, overflow ? ceiling : max(guess, 4096))
    }
}
