// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMServer

@Suite struct HTTPDateTests {
    /// RFC 9110's own example, and the epoch.
    @Test func formatsAsIMFFixdate() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(1_796_687_999) == "Mon, 07 Dec 2026 23:59:59 GMT")
    }
}
