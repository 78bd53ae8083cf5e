// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct PushRouteTests {
    @Test func pushThenPullReturnsTheChangesWithServerFieldsOnSQLite() async throws {
        try await pushThenPullReturnsTheChangesWithServerFields(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func pushThenPullReturnsTheChangesWithServerFieldsOnPostgreSQL() async throws {
        try await pushThenPullReturnsTheChangesWithServerFields(backend: .postgres)
    }

    func pushThenPullReturnsTheChangesWithServerFields(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let writer = try await client.login(user: "rep")
            let reader = try await client.login(user: "manager")
            let contact = newID()
            let changes = [
                writer.change(entityID: contact, op: .create, field: nil, value: .null, seq: 1),
                writer.change(entityID: contact, field: "name", value: .string("Ada"), seq: 2),
            ]
            let response = try await client.push(writer, writer.push(changes))
            #expect(response.status == .ok)
            let ack = try Wire.decode(PushResponse.self, response)
            #expect(ack.acceptedThrough == 2 && ack.seqFrom == 1 && ack.seqTo == 2 && ack.conflicts.isEmpty)

            let pulled = try await client.pullAll(reader)
            #expect(pulled.map(\.changeID) == changes.map(\.changeID))
            #expect(pulled.map(\.seq) == [1, 2])
            #expect(pulled.allSatisfy { $0.deviceID == writer.id && $0.userID == writer.session.userID })
            #expect(pulled.map(\.content) == changes)
        }
    }

    @Test func duplicatePushIsIdempotentOnSQLite() async throws {
        try await duplicatePushIsIdempotent(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func duplicatePushIsIdempotentOnPostgreSQL() async throws {
        try await duplicatePushIsIdempotent(backend: .postgres)
    }

    func duplicatePushIsIdempotent(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let request = device.push((1...3).map { device.change(entityID: newID(), seq: $0) })
            let first = try Wire.decode(PushResponse.self, try await client.push(device, request))
            for _ in 0..<3 {
                let again = try await client.push(device, request)
                #expect(again.status == .ok)
                let ack = try Wire.decode(PushResponse.self, again)
                #expect(ack.acceptedThrough == first.acceptedThrough)
                #expect(ack.seqFrom == nil && ack.seqTo == nil)
            }
            let pulled = try await client.pullAll(device)
            #expect(pulled.count == 3)
            #expect(Set(pulled.map(\.changeID)).count == 3)
            #expect(try await server.store.tenant(named: "acme")?.lastSeq == 3)
        }
    }

    @Test func gapIs409WithExpectedAndStoresNothingOnSQLite() async throws {
        try await gapIs409WithExpectedAndStoresNothing(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func gapIs409WithExpectedAndStoresNothingOnPostgreSQL() async throws {
        try await gapIs409WithExpectedAndStoresNothing(backend: .postgres)
    }

    func gapIs409WithExpectedAndStoresNothing(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            _ = try await client.push(device, device.push([device.change(entityID: newID(), seq: 1)]))
            let response = try await client.push(device, device.push([device.change(entityID: newID(), seq: 3)]))
            #expect(response.status == .conflict)
            let body = try Wire.decode(ErrorBody.self, response)
            #expect(body.error == "device_seq_gap" && body.expected == 2)
            #expect(try await server.store.tenant(named: "acme")?.lastSeq == 1)
        }
    }

    @Test func reusedChangeIDWithDifferentContentIs422OnSQLite() async throws {
        try await reusedChangeIDWithDifferentContentIs422(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func reusedChangeIDWithDifferentContentIs422OnPostgreSQL() async throws {
        try await reusedChangeIDWithDifferentContentIs422(backend: .postgres)
    }

    func reusedChangeIDWithDifferentContentIs422(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let original = device.change(entityID: newID(), seq: 1)
            _ = try await client.push(device, device.push([original]))
            var altered = original
            altered.value = .string("Grace")
            let replay = try await client.push(device, device.push([altered]))
            #expect(replay.status == .unprocessableContent)
            #expect(try Wire.decode(ErrorBody.self, replay).error == "change_id_reused_with_different_content")
            var stolen = device.change(entityID: newID(), seq: 2)
            stolen.changeID = original.changeID
            let reuse = try await client.push(device, device.push([stolen]))
            #expect(reuse.status == .unprocessableContent)
            #expect(try await server.store.tenant(named: "acme")?.lastSeq == 1)
        }
    }

    @Test(arguments: [false, true])
    func malformedRequestsAreRefusedAndChangeNothingOnSQLite(live: Bool) async throws {
        try await malformedRequestsAreRefusedAndChangeNothing(backend: .sqlite, live: live)
    }
    @Test(Backend.postgresRequired, arguments: [false, true])
    func malformedRequestsAreRefusedAndChangeNothingOnPostgreSQL(live: Bool) async throws {
        try await malformedRequestsAreRefusedAndChangeNothing(backend: .postgres, live: live)
    }

    func malformedRequestsAreRefusedAndChangeNothing(backend: Backend, live: Bool) async throws {
        let server = try await TestServer.make(backend) {
            $0.maxBodyBytes = 64 * 1024; $0.maxChangesPerPush = 50
        }
        defer { server.cleanUp() }
        try await server.app().test(live ? .live : .router) { client in
            let device = try await client.login(user: "rep")
            let id = newID()
            func status(_ body: ByteBuffer) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.execute(
                    uri: "/v1/changes", method: .post, headers: Wire.headers(device.token), body: body)
                return (response.status, (try? Wire.decode(ErrorBody.self, response).error) ?? "")
            }
            func status(_ changes: [WireChange]) async throws -> (HTTPResponse.Status, String) {
                try await status(try Wire.body(device.push(changes)))
            }
            #expect(try await status(ByteBuffer(string: "{not json")) == (.badRequest, "bad_json"))
            #expect(try await status(ByteBuffer(string: #"{"protocol":1}"#)) == (.badRequest, "bad_json"))
            #expect(
                try await status([device.change("spaceship", id, seq: 1)]) == (.unprocessableContent, "unknown_entity"))
            #expect(
                try await status([device.change(entityID: id, field: "shoe_size", seq: 1)]) == (
                    .unprocessableContent, "unknown_field"
                ))
            let ahead = device.change(entityID: id, seq: 1, millis: device.millis + 6 * 60 * 1000)
            let clockResponse = try await client.push(device, device.push([ahead]))
            #expect(clockResponse.status == .unprocessableContent)
            let clockBody = try Wire.decode(ErrorBody.self, clockResponse)
            #expect(clockBody.error == "clock_ahead" && clockBody.serverTime == device.millis)
            var withTenant = device.push([device.change(entityID: id, seq: 1)])
            withTenant.tenant = .string("globex")
            #expect(try await status(try Wire.body(withTenant)) == (.unprocessableContent, "tenant_in_body"))
            let huge = device.change(
                entityID: id, field: "notes", value: .string(String(repeating: "x", count: 70_000)), seq: 1)
            #expect(try await status([huge]) == (.contentTooLarge, "body_too_large"))
            let many = (1...51).map { device.change(entityID: id, seq: Int64($0)) }
            #expect(try await status(many) == (.contentTooLarge, "too_many_changes"))
            var other = device.push([device.change(entityID: id, seq: 1)])
            other.deviceID = UUID().uuidString.lowercased()
            #expect(try await status(try Wire.body(other)) == (.forbidden, "device_not_allowed"))
            let stale = device.push([device.change(entityID: id, seq: 1)], epoch: "old")
            #expect(try await status(try Wire.body(stale)) == (.conflict, "epoch_mismatch"))

            let twice = device.change(entityID: id, seq: 1)
            var again = twice
            again.deviceSeq = 2
            #expect(try await status([twice, again]) == (.unprocessableContent, "invalid_batch"))
            let deep =
                #"{"protocol":1,"schema_version":1,"device_id":"x","changes":[{"value":"#
                + String(repeating: "[", count: 20_000) + "}]}"
            #expect(
                try await status(ByteBuffer(string: deep)) == (.badRequest, "bad_json"), "deep nesting must not crash")

            #expect(try await server.store.tenant(named: "acme")?.lastSeq == 0)
            #expect(try await client.pullAll(device).isEmpty)
            let ok = try await client.push(device, device.push([device.change(entityID: id, seq: 1)]))
            #expect(ok.status == .ok, "the device's queue is not blocked by refused requests")
        }
    }

    @Test(arguments: [false, true])
    func gzipBodiesInAndOutOnSQLite(live: Bool) async throws {
        try await gzipBodiesInAndOut(backend: .sqlite, live: live)
    }
    @Test(Backend.postgresRequired, arguments: [false, true])
    func gzipBodiesInAndOutOnPostgreSQL(live: Bool) async throws {
        try await gzipBodiesInAndOut(backend: .postgres, live: live)
    }

    func gzipBodiesInAndOut(backend: Backend, live: Bool) async throws {
        let server = try await TestServer.make(backend) { $0.maxInflatedBytes = 1 << 20 }
        defer { server.cleanUp() }
        try await server.app().test(live ? .live : .router) { client in
            let device = try await client.login()
            let changes = (1...20).map {
                device.change(entityID: newID(), field: "notes", value: .string("note \($0)"), seq: Int64($0))
            }
            let plain = try Wire.body(device.push(changes))
            var headers = Wire.headers(device.token)
            headers[.contentEncoding] = "gzip"
            headers[.acceptEncoding] = "gzip, deflate"
            let response = try await client.execute(
                uri: "/v1/changes", method: .post, headers: headers, body: try Gzip.compress(plain))
            #expect(response.status == .ok)
            let pulled = try await client.execute(uri: "/v1/changes?after=0", method: .get, headers: headers)
            #expect(pulled.headers[.contentEncoding] == "gzip")
            let inflated = try Gzip.decompress(pulled.body, maxSize: 1 << 20)
            let page = try WireCoding.decoder().decode(PullResponse.self, from: Data(inflated.readableBytesView))
            #expect(page.changes.map(\.changeID) == changes.map(\.changeID))

            // A client that lists zstd gets the same JSON as a zstd frame (`crm sync` asks for
            // "zstd, gzip"); one that refuses zstd gets gzip again.
            var zstdHeaders = Wire.headers(device.token)
            zstdHeaders[.acceptEncoding] = ContentCoding.acceptHeader
            let zstdPull = try await client.execute(uri: "/v1/changes?after=0", method: .get, headers: zstdHeaders)
            #expect(zstdPull.headers[.contentEncoding] == "zstd")
            #expect(zstdPull.headers[.vary] == "Accept-Encoding")
            #expect(try Zstd.decompress(zstdPull.body, maxSize: 1 << 20) == inflated)
            zstdHeaders[.acceptEncoding] = "zstd;q=0, gzip"
            let refused = try await client.execute(uri: "/v1/changes?after=0", method: .get, headers: zstdHeaders)
            #expect(refused.headers[.contentEncoding] == "gzip")
            #expect(try Gzip.decompress(refused.body, maxSize: 1 << 20) == inflated)

            // The same client's next push plain, as `crm sync` sends a body under
            // `CompressionPolicy.minimumBytes`: taken alike, and its small answer comes back plain.
            let one = device.change(entityID: newID(), field: "notes", value: .string("short"), seq: 21)
            var plainHeaders = Wire.headers(device.token)
            plainHeaders[.acceptEncoding] = "gzip"
            let small = try await client.execute(
                uri: "/v1/changes", method: .post, headers: plainHeaders, body: try Wire.body(device.push([one])))
            #expect(small.status == .ok)
            #expect(small.body.readableBytes < CompressionPolicy.minimumBytes && small.headers[.contentEncoding] == nil)
            #expect(try Wire.decode(PushResponse.self, small).acceptedThrough == 21)

            let bomb = try Gzip.compress(ByteBuffer(repeating: UInt8(ascii: " "), count: 2 << 20))
            let inflated413 = try await client.execute(uri: "/v1/changes", method: .post, headers: headers, body: bomb)
            #expect(
                inflated413.status == .contentTooLarge,
                "a small body inflating past the ceiling is refused: \(String(buffer: inflated413.body))")

            let corrupt = try await client.execute(
                uri: "/v1/changes", method: .post, headers: headers, body: ByteBuffer(string: "not gzip"))
            #expect(corrupt.status == .badRequest)
        }
    }
}
