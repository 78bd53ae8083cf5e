// crm — a terminal-first CRM. Licensed under the MIT License.

import CompressNIO
import Foundation
import NIOCore
import Testing

@testable import CRMSync

@Suite struct GzipTests {
    @Test func roundTripsAndShrinksRepetitiveJSON() throws {
        let text = String(repeating: #"{"entity":"contact","field":"phone"},"#, count: 500)
        let compressed = try Gzip.compress(Data(text.utf8))
        #expect(compressed.count < text.utf8.count / 10)
        #expect(compressed.prefix(2) == Data([0x1f, 0x8b]))  // gzip magic, not raw deflate
        #expect(try Gzip.decompress(compressed, maxSize: 1 << 20) == Data(text.utf8))
        // An empty body is a valid gzip member too (a header, an empty block, a trailer).
        var empty = try Gzip.compress(ByteBuffer())
        #expect(try Gzip.decompress(empty, maxSize: 16).readableBytes == 0)
        #expect(try empty.decompress(with: .gzip()).readableBytes == 0)
    }

    /// A kept compressor writes the bytes a new one writes, whatever came before it, also from
    /// threads at once; zlib's own gunzip (compress-nio's) and the kept inflate streams read them
    /// back, with refused bodies in between.
    @Test func keptStreamsWriteWhatANewStreamWrites() async throws {
        try await KeptCodecBodies.checkFromFourTasks { body in
            let expected = try GzipDeflater.make().compress(body)
            let kept = try Gzip.compress(body)
            #expect(kept == expected)
            var gzip = kept
            #expect(try gzip.decompress(with: .gzip()) == body)
            #expect(try Gzip.decompress(kept, maxSize: 1 << 20) == body)
            // A refused body leaves no stream in a state that changes the next answer.
            #expect(throws: Gzip.Failure.self) {
                try Gzip.decompress(kept, maxSize: body.readableBytes - 1)
            }
            #expect(throws: Gzip.Failure.self) {
                try Gzip.decompress(kept.getSlice(at: 0, length: 12)!, maxSize: 1 << 20)
            }
        }
    }

    @Test func refusesOutputBeyondTheLimit() throws {
        let bomb = try Gzip.compress(Data(count: 1 << 20))
        #expect(throws: Gzip.Failure.tooLarge(limit: 4096)) { try Gzip.decompress(bomb, maxSize: 4096) }
    }

    @Test(arguments: [1000, 4095, 4096, 4097, 40_000, 400_000])
    func acceptsUpToTheLimitAndNotOneByteMore(size: Int) throws {
        let data = Data(repeating: UInt8(ascii: " "), count: size)
        let compressed = try Gzip.compress(data)
        if size <= 4096 {
            #expect(try Gzip.decompress(compressed, maxSize: 4096) == data)
        } else {
            #expect(throws: Gzip.Failure.tooLarge(limit: 4096)) { try Gzip.decompress(compressed, maxSize: 4096) }
        }
    }

    @Test func refusesCorruptData() {
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(Data("not gzip at all".utf8), maxSize: 1024) }
    }

    @Test func checksTheTrailerAndRefusesWhatFollowsIt() throws {
        let data = Data(String(repeating: "contact,", count: 300).utf8)
        let whole = try Gzip.compress(data)
        #expect(throws: Gzip.Failure.badTrailer) { try Gzip.decompress(whole.dropLast(8), maxSize: 1 << 20) }
        #expect(throws: Gzip.Failure.badTrailer) { try Gzip.decompress(whole.dropLast(1), maxSize: 1 << 20) }
        #expect(throws: Gzip.Failure.trailingData(bytes: 3)) {
            try Gzip.decompress(whole + Data("xyz".utf8), maxSize: 1 << 20)
        }
        var badLength = whole
        badLength[badLength.count - 4] ^= 1
        #expect(throws: (any Error).self) { try Gzip.decompress(badLength, maxSize: 1 << 20) }
        var badCRC = whole
        badCRC[badCRC.count - 8] ^= 1
        #expect(throws: (any Error).self) { try Gzip.decompress(badCRC, maxSize: 1 << 20) }
    }

    /// The output buffer is sized from the trailer's length when that is believable, and a
    /// trailer that lies (larger than deflate can expand the input, or smaller than the truth)
    /// changes only the first buffer, never the answer.
    @Test func theTrailersLengthSizesTheBufferAndALieChangesNothingElse() throws {
        let text = ByteBuffer(string: String(repeating: "[\"0123456789abcdef\",null,\"contact\"],", count: 200))
        let whole = try Gzip.compress(text)
        #expect(GzipInflater.firstCapacity(for: whole, ceiling: 1 << 20) == text.readableBytes)
        #expect(GzipInflater.firstCapacity(for: whole, ceiling: 100) == 100)

        var huge = whole
        huge.setInteger(UInt32.max, at: huge.writerIndex - 4, endianness: .little)
        #expect(GzipInflater.firstCapacity(for: huge, ceiling: .max) == whole.readableBytes * GzipInflater.maxRatio)
        var small = whole
        small.setInteger(UInt32(3), at: small.writerIndex - 4, endianness: .little)
        #expect(GzipInflater.firstCapacity(for: small, ceiling: .max) == 3)
        // zlib checks the length itself once it has inflated the rest: the lie is refused, after
        // the buffer grew to hold what the body really is.
        #expect(throws: Gzip.Failure.badTrailer) { try Gzip.decompress(huge, maxSize: 1 << 20) }
        #expect(throws: Gzip.Failure.badTrailer) { try Gzip.decompress(small, maxSize: 1 << 20) }
        #expect(try Gzip.decompress(whole, maxSize: 1 << 20) == text)
    }

    /// A body inflates whole at exactly its ceiling, and cut before its length it is refused
    /// whatever the four bytes read in the length's place say.
    @Test(arguments: [1, 17, 4096, 300_000])
    func inflatesAtTheCeilingAndRefusesABodyCutBeforeItsLength(size: Int) throws {
        let text = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) })
        let compressed = try Gzip.compress(text)
        #expect(try Gzip.decompress(compressed, maxSize: size) == text)
        #expect(throws: Gzip.Failure.badTrailer) {
            try Gzip.decompress(compressed.getSlice(at: 0, length: compressed.readableBytes - 4)!, maxSize: size)
        }
    }

    /// libdeflate's one call takes a well-formed member whole, from any writer (libdeflate, zlib, a
    /// header naming a file as `gzip` writes it), refuses output past the ceiling and bytes after
    /// the member itself, and hands every other fault to zlib (nil), which names it.
    @Test func theOneShotPathTakesWholeMembersAndLeavesFaultsToZlib() throws {
        let inflater = try GzipOneShotInflater.make()
        let text = ByteBuffer(string: String(repeating: "[\"0123456789abcdef\",null,\"contact\"],", count: 300))
        let ours = try Gzip.compress(text)
        var plain = text
        let zlibs = try plain.compress(with: .gzip())
        var named = ByteBuffer(bytes: ours.readableBytesView.prefix(10))
        named.setInteger(UInt8(0x08), at: 3)  // FNAME: a zero-ended file name follows the header
        named.writeString("pull.json\0")
        named.writeBytes(ours.readableBytesView.dropFirst(10))
        for member in [ours, zlibs, named] {
            #expect(try inflater.inflate(member, maxSize: 1 << 20) == text)
        }
        // Whole and one byte past the ceiling is too large; overrunning the room is zlib's to judge.
        let limit = text.readableBytes - 1
        #expect(throws: Gzip.Failure.tooLarge(limit: limit)) { try inflater.inflate(ours, maxSize: limit) }
        #expect(try inflater.inflate(ours, maxSize: 100) == nil)
        #expect(throws: Gzip.Failure.tooLarge(limit: 100)) { try Gzip.decompress(ours, maxSize: 100) }
        var followed = ours
        followed.writeBytes([1, 2, 3])
        // The last four bytes, read as the trailer's length, now claim more than the text: room enough.
        #expect(throws: Gzip.Failure.trailingData(bytes: 3)) { try inflater.inflate(followed, maxSize: 1 << 20) }

        var badCRC = ours
        badCRC.setInteger(~ours.getInteger(at: ours.writerIndex - 8, as: UInt32.self)!, at: badCRC.writerIndex - 8)
        let faults = [
            ours.getSlice(at: 0, length: ours.readableBytes - 4)!, badCRC, ByteBuffer(string: "not gzip at all"),
        ]
        for fault in faults {
            #expect(try inflater.inflate(fault, maxSize: 1 << 20) == nil)
        }
        #expect(throws: Gzip.Failure.badTrailer) { try Gzip.decompress(faults[0], maxSize: 1 << 20) }
        #expect(throws: Gzip.Failure.badTrailer) { try Gzip.decompress(faults[1], maxSize: 1 << 20) }
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(faults[2], maxSize: 1 << 20) }
        // The same decompressor still inflates the next body right after the faults.
        #expect(try inflater.inflate(ours, maxSize: 1 << 20) == text)
    }

    @Test func policyLeavesSmallBodiesPlain() {
        #expect(!CompressionPolicy.compresses(CompressionPolicy.minimumBytes - 1))
        #expect(CompressionPolicy.compresses(CompressionPolicy.minimumBytes))
        #expect(CompressionPolicy.compresses(10_000))
        #expect(!CompressionPolicy.compresses(600, minimum: 1024))
    }
}
