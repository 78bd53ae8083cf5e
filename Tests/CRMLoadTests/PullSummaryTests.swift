// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import NIOCore
import Testing

@testable import crm_load

/// crm-load scans pull answers instead of decoding them (`PullSummary`, `JSONScanner`): the scan
/// must read what `JSONDecoder` reads from the wire encoder's bytes, and refuse broken JSON.
@Suite struct PullSummaryTests {
    static func change(_ seq: Int64, value: JSONValue) -> WireChange {
        WireChange(
            changeID: "c\(seq)", deviceSeq: seq, txID: seq, hlc: "2026-12-04T21:00:00.000Z-0000-abcd", baseHLC: nil,
            entity: "contact", entityID: "e\(seq)", op: .set, field: "notes", value: value, seq: seq, userID: "u",
            deviceID: "d")
    }

    static func encoded(_ response: PullResponse) throws -> ByteBuffer {
        ByteBuffer(bytes: try WireCoding.encoder().encode(response))
    }

    /// The compact format (`format=rows`) lists its changes under `rows`: counted the same.
    @Test func aRowsPageIsCountedLikeAChangesPage() throws {
        let body = #"{"epoch":"e","rows":[["d1",1,"c",["x",1]],["d1",2,null,[]]],"next_after":9,"has_more":true}"#
        let summary = try PullSummary(scanning: ByteBuffer(string: body))
        #expect(summary == PullSummary(changeCount: 2, nextAfter: 9, hasMore: true))
    }

    @Test func integersAndOtherNumbersAreSkipped() throws {
        let body = #"{"rows":[0,-1,12,9007199254740993,-0.5,1e3,2E-2],"next_after":9,"has_more":false}"#
        #expect(try PullSummary(scanning: ByteBuffer(string: body)).changeCount == 7)
    }

    @Test(arguments: [0, 1, 57, 1000])
    func theScanCountsWhatTheWireEncoderWrote(count: Int) throws {
        let awkward: [JSONValue] = [
            .string("quote \" and backslash \\ and \\\" and newline \n"), .string("ends in a backslash \\"),
            .object(["nested": .array([.int(1), .double(-2.5e3), .bool(true), .null, .object([:])])]),
            .string("ünïcödé ✓"), .array([]),
        ]
        let changes = (0..<count).map { Self.change(Int64($0 + 1), value: awkward[$0 % awkward.count]) }
        let response = PullResponse(
            epoch: "ep\"och", changes: changes, nextAfter: Int64(count) + 41, hasMore: count.isMultiple(of: 2),
            serverTime: 1_796_500_000_000, minRetainedSeq: 0, teamVersion: 3)
        let summary = try PullSummary(scanning: try Self.encoded(response))
        #expect(
            summary == PullSummary(changeCount: count, nextAfter: Int64(count) + 41, hasMore: count.isMultiple(of: 2)))
    }

    @Test(arguments: [
        "", "[]", "{", "{\"changes\":[1,],\"next_after\":1,\"has_more\":false}",
        "{\"changes\":[\"open],\"next_after\":1,\"has_more\":false}",
        "{\"changes\":[],\"next_after\":\"1\",\"has_more\":false}",
        "{\"changes\":[],\"next_after\":1,\"has_more\":nope}", "{\"changes\":[],\"next_after\":1}",
        "{\"changes\":[],\"next_after\":99999999999999999999,\"has_more\":false}",
        "{\"changes\":[],\"next_after\":1,\"has_more\":false} trailing",
        "{\"changes\":[{\"a\":1 \"b\":2}],\"next_after\":1,\"has_more\":false}",
        "{\"rows\":[[-]],\"next_after\":1,\"has_more\":false}",
        "{\"rows\":[[1-2]],\"next_after\":1,\"has_more\":false}",
        "{\"rows\":[[+]],\"next_after\":1,\"has_more\":false}",
    ])
    func brokenAnswersAreABadBody(text: String) {
        #expect(throws: LoadError.self) { try PullSummary(scanning: ByteBuffer(string: text)) }
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let text = "{\"changes\":[\(deep)],\"next_after\":1,\"has_more\":false}"
        #expect(throws: LoadError.self) { try PullSummary(scanning: ByteBuffer(string: text)) }
    }
}
