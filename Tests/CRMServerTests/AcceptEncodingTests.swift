// crm — a terminal-first CRM. Licensed under the MIT License.

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
    ])
    func readsTheQualityOfGzip(header: String, accepts: Bool) {
        #expect(AcceptEncoding.acceptsGzip(header) == accepts)
    }
}
