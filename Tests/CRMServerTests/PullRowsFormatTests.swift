// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CRMServer

/// The compact pull format (`format=rows`: `PullRowWriter` on the server, `PullRows` in the
/// client's decoding): the same changes as the object format, minus the members a pulling device
/// does not read, in fewer bytes; and a request without the parameter gets the objects as before.
@Suite struct PullRowsFormatTests {
    /// What a rows page decodes to: the object page's changes without `base_hlc`, `device_seq`, `tx_id`.
    static func withoutUnread(_ change: WireChange) -> WireChange {
        var copy = change
        copy.baseHLC = nil
        copy.deviceSeq = 0
        copy.txID = 0
        return copy
    }

    @Test func rowsDecodeToTheChangesTheObjectsCarry() throws {
        // Every value shape, with runs of the same device, user, record and op, and a change back.
        let changes = PullWireFormatTests.values.enumerated().map { index, value in
            PullWireFormatTests.stored(
                value, seq: Int64(index) + 1, base: index.isMultiple(of: 2) ? nil : "base-\(index)",
                field: index.isMultiple(of: 3) ? nil : "field\"\(index)"
            ).with {
                $0.deviceID = "device \(index / 4)"
                $0.entityID = "record \(index / 3)"
            }
        }
        for page in [
            PullWireFormatTests.page(changes, hasMore: true), PullWireFormatTests.page([], hasMore: false),
            PullWireFormatTests.page(Array(changes.prefix(1)), hasMore: false),
        ] {
            let objects = PullResponseWriter.write(page, serverTime: 42)
            let rows = PullResponseWriter.write(page, serverTime: 42, rows: true)
            let fromObjects = try WireCoding.decoder().decode(PullResponse.self, from: Data(objects.readableBytesView))
            let fromRows = try WireCoding.decoder().decode(PullResponse.self, from: Data(rows.readableBytesView))
            #expect(fromRows.changes == fromObjects.changes.map(Self.withoutUnread))
            #expect(fromRows.nextAfter == fromObjects.nextAfter && fromRows.hasMore == fromObjects.hasMore)
            #expect(fromRows.epoch == fromObjects.epoch && fromRows.serverTime == 42)
            if !page.changes.isEmpty { #expect(rows.readableBytes < objects.readableBytes) }
        }
    }

    /// `format=rows2`: consecutive seqs and clocks of the usual form, in runs by device, decode to
    /// what `rows` carries, in fewer bytes; a gap in seq and a foreign clock go whole.
    @Test func rowsWithShorthandsDecodeToWhatRowsCarry() throws {
        let devices = ["9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"]
        let changes = PullWireFormatTests.values.enumerated().map { index, value in
            PullWireFormatTests.stored(value, seq: Int64(index + 1 + index / 5), base: nil, field: "f\(index)")
                .with { change in
                    change.deviceID = devices[index / 4 % 2]
                    if index.isMultiple(of: 2) { change.changeID = RecordID.make().rawValue }
                    change.hlc = HLC(millis: 1_764_000_000_000 + Int64(index / 3), counter: UInt16(index % 3))
                        .wire(deviceID: index == 7 ? "elsewhere" : change.deviceID)
                }
        }
        let page = PullWireFormatTests.page(changes, hasMore: true)
        let rows = PullResponseWriter.write(page, serverTime: 42, rows: true)
        let short = PullResponseWriter.write(page, serverTime: 42, rows: true, shorthand: true)
        let fromRows = try WireCoding.decoder().decode(PullResponse.self, from: Data(rows.readableBytesView))
        let fromShort = try WireCoding.decoder().decode(PullResponse.self, from: Data(short.readableBytesView))
        #expect(fromShort.changes == fromRows.changes)
        #expect(short.readableBytes < rows.readableBytes)
        #expect(String(buffer: short).contains("[null,"), "a seq left to the row before")
        #expect(!String(buffer: short).contains(devices[0]), "ids without dashes")
        #expect(String(buffer: short).contains(devices[0].replacingOccurrences(of: "-", with: "")))
    }

    /// The rows2 writer compares and copies the members each change encoded when it was made
    /// (`CompactRow`): ids that do not shorten, escaped strings, clocks of another device or of no
    /// usual form, counters that skip, seq gaps and devices, users and ops that come back still
    /// decode to what `rows` carries.
    @Test func awkwardMembersDecodeToWhatRowsCarry() throws {
        let ids = [
            "9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10", "9F2C4E1A-7B3D-4E60-8A1B-0C2F5E8A9D10", "c\"1", "ü-\n",
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        ]
        let changes = (0..<60).map { index in
            PullWireFormatTests.stored(
                PullWireFormatTests.values[index % PullWireFormatTests.values.count],
                seq: Int64(index + 1 + index / 7), base: nil, field: index % 5 == 0 ? nil : "f\"\(index % 3)"
            ).with { change in
                change.deviceID = ids[index / 2 % ids.count]
                change.userID = ids[index / 3 % ids.count]
                change.entityID = ids[index / 4 % ids.count]
                change.changeID = ids[index % ids.count]
                change.entity = index % 6 < 3 ? "contact" : "deal"
                change.op = index % 4 == 0 ? .create : .set
                let counter = UInt16(index % 4 == 3 ? index + 1 : index)
                let writer = index % 9 == 8 ? ids[0] : change.deviceID
                change.hlc =
                    index % 11 == 10
                    ? "not a \"clock\"" : HLC(millis: 1_764_000_000_000, counter: counter).wire(deviceID: writer)
            }
        }
        let page = PullWireFormatTests.page(changes, hasMore: false)
        let rows = PullResponseWriter.write(page, serverTime: 42, rows: true)
        let short = PullResponseWriter.write(page, serverTime: 42, rows: true, shorthand: true)
        let fromRows = try WireCoding.decoder().decode(PullResponse.self, from: Data(rows.readableBytesView))
        let fromShort = try WireCoding.decoder().decode(PullResponse.self, from: Data(short.readableBytesView))
        #expect(fromShort.changes == fromRows.changes)
        #expect(fromShort.changes.count == changes.count)
        let text = String(buffer: short)
        #expect(
            text.contains(#"[null,"0190a1b2c3d47e5f8a9b0c1d2e3f4a5b",null,null,null,null,null,"#), "a row of repeats")
        #expect(text.contains(#""9F2C4E1A-7B3D-4E60-8A1B-0C2F5E8A9D10""#), "an id that does not shorten goes whole")
    }

    @Test func aFirstRowThatRepeatsNothingIsRefused() throws {
        let body =
            #"{"rows":[[1,"c",null,"u","contact","e","set","title","h","v"]],"epoch":"x","has_more":false,"#
            + #""min_retained_seq":0,"next_after":1,"server_time":0,"team_version":0}"#
        #expect(throws: DecodingError.self) {
            try WireCoding.decoder().decode(PullResponse.self, from: Data(body.utf8))
        }
    }

    /// Through the route on SQLite: two devices' edits pulled both ways give the same changes.
    @Test func theRouteAnswersRowsOnlyWhenAsked() async throws {
        let server = try await TestServer.make(.sqlite)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let one = try await client.login()
            let two = try await client.login()
            let contact = newID()
            let changes = [
                one.change("contact", contact, op: .create, field: nil, value: .object(["name": "Ana"]), seq: 1),
                one.change("contact", contact, field: "title", value: "Buyer", seq: 2),
                one.change("contact", contact, field: "notes", value: .null, seq: 3),
            ]
            #expect(try await client.push(one, one.push(changes)).status == .ok)
            let edit = two.change(
                "contact", contact, field: "title", value: "Lead buyer", seq: 1, base: nil, millis: one.millis + 1)
            #expect(try await client.push(two, two.push([edit])).status == .ok)

            let objects = try await client.pull(one)
            let rows = try await client.pull(one, format: PullRows.format)
            let short = try await client.pull(one, format: PullRows.compactFormat)
            #expect(try Wire.decode(PullResponse.self, short).changes == Wire.decode(PullResponse.self, rows).changes)
            #expect(short.body.readableBytes < rows.body.readableBytes)
            #expect(short.headers[.contentType] == "application/json", "no charset: JSON is UTF-8 (RFC 8259)")
            #expect(String(buffer: objects.body).hasPrefix(#"{"changes":["#))
            #expect(String(buffer: rows.body).hasPrefix(#"{"rows":[["#))
            let fromObjects = try Wire.decode(PullResponse.self, objects)
            let fromRows = try Wire.decode(PullResponse.self, rows)
            #expect(fromRows.changes.count == 5, "four changes and the conflict of the two title writes")
            #expect(fromRows.changes == fromObjects.changes.map(Self.withoutUnread))
        }
    }
}
