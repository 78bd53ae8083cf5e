// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Testing

@testable import CRMSyncClient

/// When a rows push goes back to objects (`SyncClient.refusesRows`): only on the answer a server
/// without push rows gives, which looks for `changes`, finds none and says 400 `bad_json`; never on
/// the other refusals the push loop handles itself.
@Suite struct PushFallbackTests {
    static func answer(_ status: Int, _ error: ErrorBody) throws -> SyncTransport.Response {
        SyncTransport.Response(status: status, body: try WireCoding.encoder().encode(error), retryAfter: nil)
    }

    @Test func anOlderServersRefusalOfRowsSendsTheBatchAgainAsObjects() throws {
        // What crm-server answers to a push body without `changes` (ServerError.badJSON).
        let older = ErrorBody(
            error: "bad_json", message: "the body is not the expected JSON: missing key 'changes' in the body")
        #expect(SyncClient.refusesRows(try Self.answer(400, older)))
    }

    @Test func otherAnswersDoNot() throws {
        let clock = ErrorBody(error: "clock_ahead", message: "change x has hlc y, more than 300 s ahead")
        let encoding = ErrorBody(error: "unsupported_encoding", message: "Content-Encoding 'br' is not supported")
        #expect(!SyncClient.refusesRows(try Self.answer(422, clock)))
        #expect(!SyncClient.refusesRows(try Self.answer(400, encoding)))
        #expect(!SyncClient.refusesRows(SyncTransport.Response(status: 400, body: Data("oops".utf8), retryAfter: nil)))
        let ok = try WireCoding.encoder().encode(
            PushResponse(acceptedThrough: 1, seqFrom: 1, seqTo: 1, serverTime: 0, rejected: [], conflicts: []))
        #expect(!SyncClient.refusesRows(SyncTransport.Response(status: 200, body: ok, retryAfter: nil)))
    }

    /// A zstd push goes gzip only on the answer a server without zstd pushes gives.
    @Test func anOlderServersRefusalOfZstdIsTheUnsupportedEncodingAnswer() throws {
        // What crm-server answered to a zstd body before it took them (`RequestBodyReader`).
        let older = ErrorBody(
            error: "unsupported_encoding", message: "Content-Encoding 'zstd' is not supported; use gzip")
        #expect(SyncClient.refuses(try Self.answer(400, older), as: "unsupported_encoding"))
        #expect(!SyncClient.refuses(try Self.answer(413, older), as: "unsupported_encoding"))
        let rows = ErrorBody(error: "bad_json", message: "missing key 'changes' in the body")
        #expect(!SyncClient.refuses(try Self.answer(400, rows), as: "unsupported_encoding"))
    }
}
