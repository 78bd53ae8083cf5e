// crm — a terminal-first CRM. Licensed under the MIT License.

import CZstd
import NIOCore

/// A zstd compression context for one whole body at a time, kept between bodies (`Zstd`).
///
/// The level and the checksum are set once on the context and stay for every body; each call
/// (`ZSTD_compress2`) starts a new frame that records the body's size, so the reader can size its
/// output in one go.
final class ZstdCompressor {
    private let context: OpaquePointer

    private init(context: OpaquePointer) {
        self.context = context
    }

    deinit {
        ZSTD_freeCCtx(context)
    }

    /// A new context at `level`, its frames carrying a checksum of their content.
    static func make(level: Int32) throws(Zstd.Failure) -> ZstdCompressor {
        guard let context = ZSTD_createCCtx() else { throw .outOfMemory }
        let compressor = ZstdCompressor(context: context)
        try compressor.check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level))
        // XXH64 of the content, checked by the reader: gzip's CRC-32 did that job before.
        try compressor.check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
        return compressor
    }

    /// `buffer`'s readable bytes as one zstd frame.
    func compress(_ buffer: ByteBuffer) throws(Zstd.Failure) -> ByteBuffer {
        let bound = ZSTD_compressBound(buffer.readableBytes)
        var output = ByteBufferAllocator().buffer(capacity: bound)
        var status = 0
        _ = buffer.withUnsafeReadableBytes { input in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { out in
                status = ZSTD_compress2(context, out.baseAddress, out.count, input.baseAddress, input.count)
                return ZSTD_isError(status) == 0 ? status : 0
            }
        }
        try check(status)
        return output
    }

    private func check(_ status: Int) throws(Zstd.Failure) {
        if ZSTD_isError(status) != 0 { throw .corrupt(String(cString: ZSTD_getErrorName(status))) }
    }
}
