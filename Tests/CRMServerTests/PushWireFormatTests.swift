// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import NIOCore
import Testing

@testable import CRMServer

/// A push's answer written by hand (`PushResponseWriter`) is the one `WireCoding.encoder()` makes.
@Suite struct PushWireFormatTests {
    static func side(_ value: JSONValue, user: String?) -> ConflictSide {
        ConflictSide(value: value, hlc: "0001796428520187-0003-dev/ice", deviceID: "d-1", userID: user)
    }

    static let answers: [PushResponse] = [
        PushResponse(acceptedThrough: 7, seqFrom: 101, seqTo: 103, serverTime: 1_796_428_520_187),
        PushResponse(acceptedThrough: 0, seqFrom: nil, seqTo: nil, serverTime: 0),
        PushResponse(acceptedThrough: Int64.max, seqFrom: Int64.min, seqTo: -1, serverTime: -5),
        PushResponse(
            acceptedThrough: 3, seqFrom: 9, seqTo: 9, serverTime: 12,
            rejected: [
                RejectedChange(
                    changeID: "c-1", code: "invalid_value", message: "a \"quoted\" reason\n\twith a / and é"),
                RejectedChange(changeID: "c-2\u{1}", code: "forbidden", message: "\\ backslash, \u{7f} and 😀"),
            ],
            conflicts: [
                WireConflict(
                    kind: .concurrentWrite, entity: "contact", entityID: "e-1", field: "email",
                    winner: side(.string("ada@example.com"), user: "u-1"), loser: side(.string("a\"b"), user: nil),
                    seq: 42),
                WireConflict(
                    kind: .editOnDeleted, entity: "deal", entityID: "e-2", field: "amount",
                    winner: side(.double(12.5), user: "u-2"),
                    loser: side(.object(["b": .array([.int(1), .null]), "a": .bool(false)]), user: "u-3")),
            ]),
    ]

    @Test func answersAreTheEncodersBytes() throws {
        for answer in Self.answers {
            let written = PushResponseWriter.write(answer)
            let encoded = try WireCoding.encoder().encode(answer)
            #expect(String(buffer: written) == String(decoding: encoded, as: UTF8.self))
            #expect(try WireCoding.decoder().decode(PushResponse.self, from: Data(written.readableBytesView)) == answer)
        }
    }
}
