// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Testing

/// The compact push format (`PushRowFormat`): a rows body decodes to the very `PushRequest` the
/// object body does, in fewer bytes; a malformed row is refused naming the row and what is wrong.
@Suite struct PushRowFormatTests {
    static let device = "9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10"

    static let values: [JSONValue] = [
        .string("Zoë Ångström"), .string(""), .string("quote \" backslash \\ slash / tab \t newline \n"),
        .string("controls \u{0}\u{1f}\u{7f} and \u{2028} 😀"), .int(0), .int(Int64.min), .bool(true), .null,
        .object(["amount": .string("12000.50"), "currency": .string("EUR")]), .array([.string("vip")]), .object([:]),
    ]

    /// A batch with runs and breaks of every repeatable member: transactions of 1–3 changes, two
    /// kinds and records, creates, sets and deletes, bases and none, a `device_seq` gap.
    static func batch() -> [WireChange] {
        var seq: Int64 = 40
        return values.enumerated().map { index, value in
            seq += index == 5 ? 3 : 1
            let op: WireOp = index == 0 ? .create : index == 9 ? .delete : .set
            return WireChange(
                changeID: RecordID.make().rawValue, deviceSeq: seq, txID: 40 + Int64(index / 3),
                hlc: HLC(millis: 1_764_000_000_000 + Int64(index / 2), counter: UInt16(index % 2)).wire(
                    deviceID: device),
                baseHLC: index.isMultiple(of: 2) ? nil : "2025-11-24T15:00:00.000Z-0000-0123456789abcdef",
                entity: index < 6 ? "contact" : "deal", entityID: "record \(index / 4)", op: op,
                field: op == .set ? "field/\(index % 4)" : nil, value: op == .delete ? .null : value)
        }
    }

    static func decode(_ body: String) throws -> PushRequest {
        try WireCoding.decoder().decode(PushRequest.self, from: Data(body.utf8))
    }

    @Test func rowsDecodeToTheRequestTheObjectsDo() throws {
        for changes in [Self.batch(), Array(Self.batch().prefix(1)), []] {
            for epoch in ["epoch \"1\"", nil] {
                let request = PushRequest(schemaVersion: 1, epoch: epoch, deviceID: Self.device, changes: changes)
                let objects = try WireCoding.encoder().encode(request)
                let rows = PushRowFormat.body(request)
                #expect(try WireCoding.decoder().decode(PushRequest.self, from: objects) == request)
                #expect(try Self.decode(rows) == request)
                if !changes.isEmpty { #expect(rows.utf8.count < objects.count) }
            }
        }
    }

    @Test func repeatsAreWrittenAsNull() throws {
        let request = PushRequest(schemaVersion: 1, epoch: nil, deviceID: Self.device, changes: Self.batch())
        let body = PushRowFormat.body(request)
        #expect(body.hasPrefix(#"{"device_id":"9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10","protocol":1,"rows":[["#))
        let rows = body.components(separatedBy: "],[")
        // Row 0 names its clock without the device's part; row 1 follows it: next device_seq, same
        // tx, the clock one step on, same kind and record, op set after a create.
        #expect(rows[0].contains(",41,40,\"2025-11-24T16:00:00.000Z-0000\",null,\"contact\""))
        #expect(
            rows[1].contains(",null,null,null,\"2025-11-24T15:00:00.000Z-0000-0123456789abcdef\",null,null,\"set\""))
        #expect(rows[2].contains("\"2025-11-24T16:00:00.001Z-0000\""), "a new millisecond: the clock, shortened")
    }

    @Test(arguments: [
        (#"[["c1",null,1,"h",null,"contact","e","set","f",1]]"#, "push row 0 (change c1) leaves device_seq"),
        (#"[["c1",1,null,"h",null,"contact","e","set","f",1]]"#, "push row 0 (change c1) leaves device_seq"),
        (#"[["c1",1,1,"h",null,null,"e","set","f",1]]"#, "push row 0 repeats entity from no row before it"),
        (
            #"[["c1",1,1,"h",null,"contact","e","set","f",1],["c2",null,null,"h",null,null,null,"move","f",1]]"#,
            "push row 1 (change c2) has an unknown op"
        ),
        (#"[["c1",1,1,"h",null,"contact","e","set","f",1,2]]"#, "push row 0 has more than the 10 members"),
    ])
    func aMalformedRowIsRefusedByNumber(rows: String, message: String) throws {
        let body = #"{"device_id":"d","protocol":1,"schema_version":1,"rows":"# + rows + "}"
        do {
            _ = try Self.decode(body)
            Issue.record("\(rows) decoded")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.hasPrefix(message), "\(context.debugDescription)")
        }
    }

    @Test func aBodyWithChangesAndRowsIsRefused() {
        let body = #"{"changes":[],"device_id":"d","protocol":1,"rows":[],"schema_version":1}"#
        #expect(throws: DecodingError.self) { try Self.decode(body) }
    }

    /// Negotiation: a server lists `rows` in `push_formats`; an older one's answer has no such key.
    @Test func aLoginAnswerSaysWhetherTheServerTakesRows() throws {
        let old = #"{"epoch":"e","expires_at":1,"role":"rep","server_time":1,"token":"t","user_id":"u"}"#
        let new = old.dropLast() + #","push_formats":["rows"]}"#
        #expect(try WireCoding.decoder().decode(SessionResponse.self, from: Data(old.utf8)).takesPushRows == false)
        #expect(try WireCoding.decoder().decode(SessionResponse.self, from: Data(new.utf8)).takesPushRows)
    }

    /// Negotiation: a server lists zstd in `push_encodings`; to an older one, pushes go gzip.
    @Test func aLoginAnswerSaysWhichCodingAPushGoesIn() throws {
        let old = #"{"epoch":"e","expires_at":1,"role":"rep","server_time":1,"token":"t","user_id":"u"}"#
        let new = old.dropLast() + #","push_encodings":["zstd","gzip"]}"#
        let gzipOnly = old.dropLast() + #","push_encodings":["gzip"]}"#
        #expect(try WireCoding.decoder().decode(SessionResponse.self, from: Data(old.utf8)).pushCoding == .gzip)
        #expect(try WireCoding.decoder().decode(SessionResponse.self, from: Data(new.utf8)).pushCoding == .zstd)
        #expect(try WireCoding.decoder().decode(SessionResponse.self, from: Data(gzipOnly.utf8)).pushCoding == .gzip)
    }
}
