// crm — a terminal-first CRM. Licensed under the MIT License.

import CZstd
import NIOCore

/// A zstd decompression context for one whole frame at a time, kept between bodies (`Zstd`).
///
/// A frame that records its size (every frame `Zstd.compress` writes) is decompressed in one call
/// into a buffer of exactly that size, refused at once when the size is past the caller's ceiling:
/// a frame whose content runs past its recorded size is corrupt, so it cannot make the reader
/// write more, and the server reserves that size before it decompresses (`RequestBodyReader`).
/// A frame that says nothing of its size is streamed into a buffer that grows up to the ceiling,
/// with the window it may ask for bounded (`windowLogMax`).
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
        if let size = try Zstd.recordedSize(of: input) {
            guard size <= maxSize else { throw .tooLarge(limit: maxSize) }
            return try decompressWhole(input, size: size)
        }
        // One byte of headroom: output that reaches `maxSize + 1` is too large.
        let ceiling = maxSize == .max ? maxSize : maxSize + 1
        let (guess, overflow) = input.readableBytes.multipliedReportingOverflow(by: 4)
        var output = ByteBufferAllocator().buffer(capacity: min(ceiling, overflow ? ceiling : max(guess, 4096)))
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

    /// A frame of `size` recorded bytes, in one call: only the one frame, and exactly its size.
    private func decompressWhole(_ input: ByteBuffer, size: Int) throws(Zstd.Failure) -> ByteBuffer {
        let frameBytes = input.withUnsafeReadableBytes { ZSTD_findFrameCompressedSize($0.baseAddress, $0.count) }
        if ZSTD_isError(frameBytes) != 0 {
            if ZSTD_getErrorCode(frameBytes) == ZSTD_error_srcSize_wrong { throw .truncated }
            throw .corrupt(String(cString: ZSTD_getErrorName(frameBytes)))
        }
        guard frameBytes == input.readableBytes else { throw .trailingData(bytes: input.readableBytes - frameBytes) }
        var output = ByteBufferAllocator().buffer(capacity: max(size, 1))
        var status = 0
        _ = input.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { target in
                status = ZSTD_decompressDCtx(context, target.baseAddress, size, source.baseAddress, source.count)
                return ZSTD_isError(status) == 0 ? status : 0
            }
        }
        if ZSTD_isError(status) != 0 { throw .corrupt(String(cString: ZSTD_getErrorName(status))) }
        guard status == size else { throw .corrupt("the frame holds \(status) bytes, not the \(size) it records") }
        return output
    }
}
