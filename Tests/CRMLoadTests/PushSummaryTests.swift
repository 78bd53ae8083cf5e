// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import NIOCore
import Testing

@testable import crm_load

/// crm-load scans push answers for `accepted_through` (`PushSummary`) instead of decoding them.
@Suite struct PushSummaryTests {
    @Test func theScanReadsWhatTheWireEncoderWrote() throws {
        let response = PushResponse(
            acceptedThrough: 1_234_567, seqFrom: 10, seqTo: nil, serverTime: 1_796_500_000_000,
            rejected: [RejectedChange(changeID: "c\"1", code: "invalid_value", message: "a \\ b {]")])
        let body = ByteBuffer(bytes: try WireCoding.encoder().encode(response))
        #expect(try PushSummary(scanning: body) == PushSummary(acceptedThrough: 1_234_567))
    }

    @Test func nestedConflictsAreSkipped() throws {
        let text = """
            {"conflicts":[{"winner":{"value":{"a":[1,2,{"b":null}]}},"loser":"x"}],
             "accepted_through":-1,"rejected":[],"server_time":5}
            """
        #expect(try PushSummary(scanning: ByteBuffer(string: text)) == PushSummary(acceptedThrough: -1))
    }

    @Test(arguments: ["{}", "{\"accepted_through\":true}", "{\"accepted_through\":1", "[1]"])
    func brokenAnswersAreABadBody(text: String) {
        #expect(throws: LoadError.self) { try PushSummary(scanning: ByteBuffer(string: text)) }
    }
}
