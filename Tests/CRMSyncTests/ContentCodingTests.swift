// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import Testing

@testable import CRMSync

/// The codings `crm sync` reads an answer in, by its `Content-Encoding`, each round-tripping.
@Suite struct ContentCodingTests {
    @Test(
        arguments: [
            ("zstd", ContentCoding.zstd), (" ZSTD ", .zstd), ("gzip", .gzip), ("GZip\t", .gzip), ("br", nil),
            ("x-gzip", nil), ("", nil), ("zstd, gzip", nil),
        ] as [(String, ContentCoding?)])
    func namesTheCodingOfAnAnswer(header: String, coding: ContentCoding?) {
        #expect(ContentCoding(contentEncoding: header) == coding)
    }

    @Test(arguments: ContentCoding.allCases)
    func eachCodingRoundTrips(coding: ContentCoding) throws {
        let json = ByteBuffer(string: String(repeating: #"{"seq":1,"field":"phone"},"#, count: 200))
        let compressed = try coding.compress(json)
        #expect(compressed.readableBytes < json.readableBytes / 5)
        #expect(try coding.decompress(compressed, maxSize: 1 << 20) == json)
        let other = ContentCoding.allCases.first { $0 != coding }
        #expect(throws: (any Error).self) { try other?.decompress(compressed, maxSize: 1 << 20) }
    }
}
