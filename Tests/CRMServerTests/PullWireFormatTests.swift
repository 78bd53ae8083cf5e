// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

@testable import CRMServer

/// The pull answer splices each stored value in as text (`PullResponseWriter`).
///
/// These tests hold it to what the server answered before, when it decoded every value and encoded a `PullResponse`
/// with `WireCoding.encoder()`: the same bytes, and the same changes once a client decodes them.
@Suite struct PullWireFormatTests {
    /// Values of every shape a field or a conflict record takes, stored as the push stores them.
    static let values: [JSONValue] = [
        .string("Zoë Ångström"), .string(""), .string("quote \" backslash \\ slash / tab \t newline \n"),
        .string("controls \u{0}\u{1}\u{8}\u{b}\u{c}\u{d}\u{1f}\u{7f} and \u{2028} 😀"),
        .int(0), .int(-42), .int(Int64.max), .int(Int64.min), .bool(true), .bool(false), .null,
        .object(["amount": .string("12000.50"), "currency": .string("EUR")]),
        .array([.string("vip"), .string("b/c"), .string("ünïcödé")]), .array([]), .object([:]),
        .object([
            "kind": .string("concurrent_write"), "seq": .int(7),
            "winner": .object([
                "value": .object(["amount": .string("1.00"), "currency": .string("USD")]), "hlc": .string("x"),
            ]),
            "loser": .object(["value": .array([.string("a"), .null, .bool(true)]), "hlc": .string("y")]),
        ]),
        .double(12.5), .double(1e20),
    ]

    static func stored(_ value: JSONValue, seq: Int64, base: String?, field: String?) -> StoredChange {
        StoredChange(
            seq: seq, changeID: "01J\(seq)", deviceID: "device \"\(seq)\"\n", deviceSeq: seq * 3, txID: seq / 2,
            hlc: "0000018c-\(seq)-dev/ice", baseHLC: base, entity: "contact", entityID: "id\\\(seq)",
            op: seq == 1 ? .create : .set, field: field, valueJSON: value.jsonText, userID: "user\u{1}é")
    }

    static func page(_ changes: [StoredChange], hasMore: Bool) -> PullPage {
        PullPage(
            epoch: "epoch/\"\u{9}", changes: changes, nextAfter: Int64(changes.count) + 3, hasMore: hasMore,
            minRetainedSeq: 1)
    }

    /// What the server answered before: every value decoded, then the whole answer encoded.
    static func oldAnswer(_ page: PullPage, serverTime: Int64) throws -> Data {
        try WireCoding.encoder().encode(
            PullResponse(
                epoch: page.epoch, changes: page.changes.map(\.wireChange), nextAfter: page.nextAfter,
                hasMore: page.hasMore, serverTime: serverTime, minRetainedSeq: page.minRetainedSeq))
    }

    @Test func theWriterMakesTheBytesTheEncoderMade() throws {
        let changes = Self.values.enumerated().map { index, value in
            Self.stored(
                value, seq: Int64(index) + 1, base: index.isMultiple(of: 2) ? nil : "base-\(index)",
                field: index.isMultiple(of: 3) ? nil : "field\"\(index)")
        }
        for (page, serverTime) in [
            (Self.page(changes, hasMore: true), Int64(1_764_000_000_123)),
            (Self.page([], hasMore: false), Int64(-1)), (Self.page(Array(changes.prefix(1)), hasMore: false), 0),
        ] {
            let written = PullResponseWriter.write(page, serverTime: serverTime)
            let old = try Self.oldAnswer(page, serverTime: serverTime)
            #expect(String(buffer: written) == String(decoding: old, as: UTF8.self))
            let decoded = try WireCoding.decoder().decode(PullResponse.self, from: Data(written.readableBytesView))
            #expect(decoded.changes == page.changes.map(\.wireChange))
            #expect(decoded.changes.map(\.value) == page.changes.map { JSONValue(jsonText: $0.valueJSON) })
        }
    }

    /// A page keeps the rows its reader may not see among those it read (`PullPage.hidden`): it
    /// must write, in every format, what a page of the visible rows alone writes, each row after
    /// the visible row before it.
    @Test func hiddenRowsAreWrittenAsIfNeverRead() {
        let read = (1...6).map { seq in
            StoredChange(
                seq: seq, changeID: "00000000-0000-4000-8000-00000000000\(seq)",
                deviceID: seq.isMultiple(of: 2) ? "11111111-2222-4333-8444-555555555555" : "d-\(seq % 3)",
                deviceSeq: seq, txID: seq,
                hlc: HLC(millis: 1_764_000_000_000, counter: UInt16(seq)).wire(deviceID: "d"),
                baseHLC: nil, entity: seq < 4 ? "contact" : "deal", entityID: "e\(seq / 2)", op: .set, field: "name",
                valueJSON: "\(seq)", userID: "u\(seq % 2)")
        }
        for hidden in [[], [0], [1], [1, 2], [0, 3, 5], [0, 1, 2, 3, 4, 5]] {
            let page = PullPage(
                epoch: "e", read: read[...], hidden: hidden, nextAfter: 6, hasMore: false, minRetainedSeq: 0)
            let visible = read.indices.filter { !hidden.contains($0) }.map { read[$0] }
            #expect(page.changes == visible)
            #expect(page.count == visible.count)
            for (rows, shorthand) in [(false, false), (true, false), (true, true)] {
                let written = PullResponseWriter.write(page, serverTime: 7, rows: rows, shorthand: shorthand)
                let expected = PullResponseWriter.write(
                    PullPage(epoch: "e", changes: visible, nextAfter: 6, hasMore: false, minRetainedSeq: 0),
                    serverTime: 7, rows: rows, shorthand: shorthand)
                #expect(String(buffer: written) == String(buffer: expected), "hidden \(hidden), rows \(rows)")
            }
        }
    }

    @Test func everyStringIsEscapedAsTheEncoderEscapesIt() throws {
        var text = ""
        for scalar in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        text += "é\u{2028}\u{feff}😀"
        for string in [text, "plain", "", "\\", "\"", "\u{0}"] {
            var out = ByteBuffer()
            PullResponseWriter.writeString(string, to: &out)
            let encoded = try WireCoding.encoder().encode([string])
            #expect("[" + String(buffer: out) + "]" == String(decoding: encoded, as: UTF8.self))
        }
    }

    /// Through the route on each store: values of every field type pushed, pulled, and the answer
    /// is exactly what the encoder makes of its own decoding, with the values as pushed.
    @Test func pulledValuesArriveAsPushedOnSQLite() async throws {
        try await pulledValuesArriveAsPushed(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func pulledValuesArriveAsPushedOnPostgreSQL() async throws {
        try await pulledValuesArriveAsPushed(backend: .postgres)
    }

    func pulledValuesArriveAsPushed(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let one = try await client.login()
            let two = try await client.login()
            let deal = newID()
            let contact = newID()
            let money: JSONValue = .object(["amount": .string("12000.50"), "currency": .string("EUR")])
            let changes = [
                one.change(
                    "deal", deal, op: .create, field: nil,
                    value: .object(["title": .string("Rollout \"Q1\"/Ω"), "amount": money]), seq: 1),
                one.change("deal", deal, field: "probability", value: .int(40), seq: 2),
                one.change("deal", deal, field: "tags", value: .array([.string("vip"), .string("a\\b")]), seq: 3),
                one.change("deal", deal, field: "notes", value: .string("line\r\nnext\ttab \u{2028} 😀"), seq: 4),
                one.change("deal", deal, field: "close_date", value: .null, seq: 5),
                one.change("contact", contact, field: "phone", value: .string("+1"), seq: 6),
            ]
            #expect(try await client.push(one, one.push(changes)).status == .ok)
            let edit = two.change(
                "contact", contact, field: "phone", value: .string("+2"), seq: 1, base: nil, millis: one.millis + 1)
            #expect(try await client.push(two, two.push([edit])).status == .ok)

            let response = try await client.pull(one)
            #expect(response.status == .ok)
            let body = Data(response.body.readableBytesView)
            let page = try WireCoding.decoder().decode(PullResponse.self, from: body)
            let reencoded = try WireCoding.encoder().encode(page)
            #expect(String(decoding: reencoded, as: UTF8.self) == String(decoding: body, as: UTF8.self))
            let pulled = Dictionary(page.changes.map { ($0.changeID, $0) }, uniquingKeysWith: { first, _ in first })
            for change in changes + [edit] {
                #expect(pulled[change.changeID]?.content == change.content, "\(change.field ?? "create")")
            }
            let conflicts = page.changes.filter { $0.op == .conflict }
            #expect(conflicts.count == 1, "the second phone write conflicts with the first")
            guard case .object(let record) = conflicts.first?.value, case .object = record["winner"] else {
                Issue.record("conflict record has no nested winner object")
                return
            }
        }
    }
}
