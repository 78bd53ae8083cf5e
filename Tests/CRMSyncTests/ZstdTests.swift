// crm — a terminal-first CRM. Licensed under the MIT License.

import CZstd
import Foundation
import NIOCore
import Testing

@testable import CRMSync

/// zstd answers (`Zstd`): what the server writes, `crm sync` and crm-load read, and the
/// reference `zstd` tool reads too; and every way a body can be wrong refused with its reason.
@Suite struct ZstdTests {
    static let json = ByteBuffer(string: String(repeating: #"{"entity":"contact","field":"phone"},"#, count: 500))

    @Test func roundTripsAndShrinksRepetitiveJSON() throws {
        let compressed = try Zstd.compress(Self.json)
        #expect(compressed.readableBytes < Self.json.readableBytes / 10)
        #expect(compressed.getBytes(at: compressed.readerIndex, length: 4) == [0x28, 0xB5, 0x2F, 0xFD])
        #expect(try Zstd.decompress(compressed, maxSize: 1 << 20) == Self.json)
        let empty = try Zstd.compress(ByteBuffer())
        #expect(try Zstd.decompress(empty, maxSize: 16).readableBytes == 0)
    }

    /// Kept contexts write what a new one writes, from threads at once, with refused bodies between.
    @Test func keptContextsWriteWhatANewContextWrites() async throws {
        try await KeptCodecBodies.checkFromFourTasks { body in
            let expected = try ZstdCompressor.make(level: Zstd.level).compress(body)
            let kept = try Zstd.compress(body)
            #expect(kept == expected)
            #expect(try Zstd.decompress(kept, maxSize: 1 << 20) == body)
            #expect(throws: Zstd.Failure.tooLarge(limit: body.readableBytes - 1)) {
                try Zstd.decompress(kept, maxSize: body.readableBytes - 1)
            }
            #expect(throws: Zstd.Failure.truncated) {
                try Zstd.decompress(kept.getSlice(at: 0, length: kept.readableBytes - 5)!, maxSize: 1 << 20)
            }
        }
    }

    /// Up to the limit and not one byte more, whether the frame records its size or not (a frame
    /// from a streaming writer does not, and the reader grows its buffer up to the limit).
    @Test(arguments: [1000, 4095, 4096, 4097, 40_000, 400_000], [true, false])
    func acceptsUpToTheLimitAndNotOneByteMore(size: Int, recordsSize: Bool) throws {
        let body = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        let frame = try Self.frame(body, recordsSize: recordsSize)
        #expect(try Zstd.decompress(frame, maxSize: size) == body)
        #expect(throws: Zstd.Failure.tooLarge(limit: size - 1)) { try Zstd.decompress(frame, maxSize: size - 1) }
    }

    @Test func refusesABombWithoutInflatingIt() throws {
        let bomb = try Self.frame(ByteBuffer(repeating: 0, count: 64 << 20), recordsSize: false)
        #expect(bomb.readableBytes < 4096)
        #expect(throws: Zstd.Failure.tooLarge(limit: 1 << 20)) { try Zstd.decompress(bomb, maxSize: 1 << 20) }
    }

    @Test func namesWhatIsWrongWithABody() throws {
        let frame = try Zstd.compress(Self.json)
        var trailing = frame
        trailing.writeString("{}")
        #expect(throws: Zstd.Failure.trailingData(bytes: 2)) { try Zstd.decompress(trailing, maxSize: 1 << 20) }
        #expect(throws: Zstd.Failure.truncated) { try Zstd.decompress(ByteBuffer(), maxSize: 1 << 20) }
        #expect(throws: Zstd.Failure.self) { try Zstd.decompress(ByteBuffer(string: "not zstd"), maxSize: 1 << 20) }
        // The last four bytes are the content's checksum: a flipped one is caught.
        var flipped = frame
        let last = frame.writerIndex - 1
        flipped.setInteger(frame.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
        #expect {
            try Zstd.decompress(flipped, maxSize: 1 << 20)
        } throws: { error in
            guard case .corrupt(let reason) = error as? Zstd.Failure else { return false }
            return reason.contains("checksum")
        }
    }

    /// A frame whose content runs past the size its header records is refused, not written past
    /// that size: the server reserves the recorded size (`Zstd.recordedSize`) and no more.
    @Test func aFrameLongerThanItsRecordedSizeIsRefused() throws {
        let body = ByteBuffer(bytes: (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        var frame = try Zstd.compress(body)
        #expect(try Zstd.recordedSize(of: frame) == 1000)
        // One segment, a two-byte size field after the descriptor: it holds the size less 256.
        let descriptor = try #require(frame.getInteger(at: 4, as: UInt8.self))
        #expect(descriptor >> 6 == 1 && descriptor & 0x20 != 0)
        frame.setInteger(UInt16(900 - 256), at: 5, endianness: .little)
        #expect(try Zstd.recordedSize(of: frame) == 900)
        #expect(throws: Zstd.Failure.self) { try Zstd.decompress(frame, maxSize: 1 << 20) }
        #expect(try Zstd.recordedSize(of: Self.frame(body, recordsSize: false)) == nil)
        #expect(try Zstd.recordedSize(of: ByteBuffer(string: "not zstd")) == nil)
    }

    /// A frame that asks for a window past `ZstdDecompressor.windowLogMax` is refused before any
    /// of its memory is taken.
    @Test func refusesAWindowLargerThanEightMebibytes() throws {
        let body = ByteBuffer(bytes: (0..<(1 << 16)).map { UInt8(truncatingIfNeeded: $0 &* 40503 >> 7) })
        let frame = try Self.frame(body, recordsSize: false, windowLog: 27)
        #expect {
            try Zstd.decompress(frame, maxSize: 1 << 20)
        } throws: { error in
            guard case .corrupt(let reason) = error as? Zstd.Failure else { return false }
            return reason.contains("memory")
        }
    }

    static let zstdTool = ["/usr/bin/zstd", "/bin/zstd"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The reference implementation reads what the server writes, and what it writes is read here.
    @Test(.enabled(if: zstdTool != nil, "needs the zstd tool (Debian's zstd package; make deps installs it)"))
    func theReferenceToolReadsTheFramesAndWritesFramesReadHere() throws {
        let tool = try #require(Self.zstdTool)
        let decompressed = try Self.run(
            tool, ["-d", "-c"], input: Data(try Zstd.compress(Self.json).readableBytesView))
        #expect(decompressed == Data(Self.json.readableBytesView))
        let written = try Self.run(tool, ["-c", "-q", "-19"], input: Data(Self.json.readableBytesView))
        #expect(try Zstd.decompress(ByteBuffer(bytes: written), maxSize: 1 << 20) == Self.json)
    }

    /// A frame made with zstd's streaming calls, which write no content size unless told.
    static func frame(_ body: ByteBuffer, recordsSize: Bool, windowLog: Int32? = nil) throws -> ByteBuffer {
        let context = try #require(ZSTD_createCCtx())
        defer { ZSTD_freeCCtx(context) }
        if let windowLog { ZSTD_CCtx_setParameter(context, ZSTD_c_windowLog, windowLog) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        if recordsSize { ZSTD_CCtx_setPledgedSrcSize(context, UInt64(body.readableBytes)) }
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(body.readableBytes) + 64)
        var written = 0
        try body.withUnsafeReadableBytes { input in
            try output.withUnsafeMutableBytes { out in
                // In two calls, so the writer cannot know the size from the call alone.
                let half = input.count / 2
                var first = ZSTD_inBuffer(src: input.baseAddress, size: half, pos: 0)
                var target = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                try Self.check(ZSTD_compressStream2(context, &target, &first, ZSTD_e_continue))
                var rest = ZSTD_inBuffer(src: input.baseAddress.map { $0 + half }, size: input.count - half, pos: 0)
                try Self.check(ZSTD_compressStream2(context, &target, &rest, ZSTD_e_end))
                written = target.pos
            }
        }
        return ByteBuffer(bytes: output[..<written])
    }

    private static func check(_ status: Int) throws {
        if ZSTD_isError(status) != 0 { throw Zstd.Failure.corrupt(String(cString: ZSTD_getErrorName(status))) }
    }

    private static func run(_ tool: String, _ arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return output
    }
}
