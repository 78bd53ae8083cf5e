// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import NIOCore
import Testing

@testable import CRMServer

/// A push's answer written by hand (`PushResponseWriter`) is the one `WireCoding.encoder()` makes.
@Suite struct PushWireFormatTests {
    @Test func answersWithoutRefusalsAreTheEncodersBytes() throws {
        let answers = [
            PushResponse(acceptedThrough: 7, seqFrom: 101, seqTo: 103, serverTime: 1_796_428_520_187),
            PushResponse(acceptedThrough: 0, seqFrom: nil, seqTo: nil, serverTime: 0),
            PushResponse(acceptedThrough: Int64.max, seqFrom: Int64.min, seqTo: -1, serverTime: -5),
        ]
        for answer in answers {
            let written = try #require(PushResponseWriter.write(answer))
            let encoded = try WireCoding.encoder().encode(answer)
            #expect(Array(written.readableBytesView) == Array(encoded))
            #expect(try WireCoding.decoder().decode(PushResponse.self, from: Data(written.readableBytesView)) == answer)
        }
    }

    /// Refusals and conflicts carry messages that need escaping: they are left to the encoder.
    @Test func answersWithRefusalsOrConflictsAreLeftToTheEncoder() {
        let refused = PushResponse(
            acceptedThrough: 1, seqFrom: 1, seqTo: 1, serverTime: 1,
            rejected: [RejectedChange(changeID: "c", code: "invalid_value", message: "a \"quoted\" reason")])
        #expect(PushResponseWriter.write(refused) == nil)
    }
}
