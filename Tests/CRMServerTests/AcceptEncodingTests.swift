// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Testing

@testable import CRMServer

@Suite struct AcceptEncodingTests {
    /// Headers as browsers, curl, URLSession and proxies send them, with the answer RFC 9110 gives.
    @Test(arguments: [
        ("gzip", true), ("GZIP", true), (" gzip ", true), ("gzip, deflate, br", true),
        ("br,gzip", true), ("deflate, gzip;q=0.5", true), ("gzip; q=0.001", true), ("gzip;Q=1", true),
        ("gzip;q=0", false), ("gzip; q=0.000", false), ("gzip;Q=0.0", false), ("gzip ;q=0.00", false),
        ("identity", false), ("x-gzip", false), ("gzipped", false), ("", false), (",", false),
        ("deflate;q=0, gzip", true), ("gzip;q=0, deflate", false), ("\tgzip\t;\tq=0.8", true),
        ("*", false), ("gzip;q=0.5;level=1", true), ("gzip;q=banana", true),
    ])
    func readsTheQualityOfGzip(header: String, accepts: Bool) {
        #expect((AcceptEncoding.preferred(header) == .gzip) == accepts)
    }

    /// Of zstd and gzip, the higher quality wins and zstd wins a tie; neither at quality 0 is no coding.
    @Test(
        arguments: [
            ("zstd, gzip", ContentCoding.zstd), ("gzip, zstd", .zstd), ("ZSTD", .zstd), ("br, zstd", .zstd),
            ("zstd;q=0, gzip", .gzip), ("zstd;q=0.5, gzip", .gzip), ("zstd, gzip;q=0.9", .zstd),
            ("gzip;q=0.8, zstd;q=0.8", .zstd), ("gzip;q=0.801, zstd;q=0.8", .gzip), ("zstd;q=1.000", .zstd),
            ("zstd;q=0.000", nil), ("zstd;q=0, gzip;q=0", nil), ("zstdx, gzip", .gzip), ("x-zstd", nil),
        ] as [(String, ContentCoding?)])
    func prefersTheHigherQualityAndZstdOnATie(header: String, coding: ContentCoding?) {
        #expect(AcceptEncoding.preferred(header) == coding)
    }
}
