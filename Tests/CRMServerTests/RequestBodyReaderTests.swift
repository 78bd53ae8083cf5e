// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Each route's body limit, before and after inflation, whole gzip members and zstd frames only,
/// and the codings a login answer lists for pushes.
@Suite struct RequestBodyReaderTests {
    static func gzipHeaders(_ token: String? = nil) -> HTTPFields {
        headers(token, coding: "gzip")
    }

    static func headers(_ token: String?, coding: String) -> HTTPFields {
        var headers = Wire.headers(token)
        headers[.contentEncoding] = coding
        return headers
    }

    static func login(deviceName: String = "laptop") throws -> ByteBuffer {
        try Wire.body(
            SessionRequest(
                tenant: "acme", user: "rep", password: TestServer.password, deviceID: UUID().uuidString,
                deviceName: deviceName))
    }

    @Test func anHonestGzipLoginIsAccepted() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.gzipHeaders(),
                body: try Gzip.compress(try Self.login()))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
        }
    }

    @Test func aLoginInflatingPastItsCapIsRefusedBeforeItIsRead() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        #expect(server.configuration.maxLoginBodyBytes == 16 * 1024)
        try await server.app().test(.router) { client in
            // Under 1 KiB on the wire, 20 KiB inflated: within the push limits, not a login's.
            let padded = try Gzip.compress(try Self.login(deviceName: String(repeating: "x", count: 20 * 1024)))
            #expect(padded.readableBytes < 1024)
            let inflated = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.gzipHeaders(), body: padded)
            #expect(inflated.status == .contentTooLarge, "\(String(buffer: inflated.body))")
            // The issue's bomb: 64 KiB on the wire, 63 MiB inflated.
            let bomb = try Gzip.compress(ByteBuffer(repeating: UInt8(ascii: " "), count: 63 << 20))
            let refused = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.gzipHeaders(), body: bomb)
            #expect(refused.status == .contentTooLarge)
            let plain = try await client.execute(
                uri: "/v1/session", method: .post, headers: Wire.headers(nil),
                body: ByteBuffer(repeating: UInt8(ascii: " "), count: 17 * 1024))
            #expect(plain.status == .contentTooLarge)
        }
    }

    @Test func aPushKeepsTheBatchLimits() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let changes = (1...200).map {
                device.change(entityID: newID(), field: "notes", value: .string("note \($0)"), seq: Int64($0))
            }
            let body = try Wire.body(device.push(changes))
            #expect(body.readableBytes > 16 * 1024, "a push may be larger than a login")
            let response = try await client.execute(
                uri: "/v1/changes", method: .post, headers: Self.gzipHeaders(device.token),
                body: try Gzip.compress(body))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
        }
    }

    @Test(arguments: ["cut", "garbage", "crc", "length"])
    func aGzipBodyMustBeOneWholeMember(damage: String) async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            var body = try Gzip.compress(try Self.login())
            let end = body.writerIndex
            switch damage {
            case "cut": body.moveWriterIndex(to: end - 8)
            case "garbage": body.writeString("trailing garbage")
            case "crc": body.setInteger(body.getInteger(at: end - 8, as: UInt8.self).map { $0 ^ 1 } ?? 0, at: end - 8)
            default: body.setInteger(body.getInteger(at: end - 4, as: UInt8.self).map { $0 ^ 1 } ?? 0, at: end - 4)
            }
            let response = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.gzipHeaders(), body: body)
            #expect(response.status == .badRequest, "\(damage): \(String(buffer: response.body))")
            #expect(String(buffer: response.body).contains("bad_gzip"))
        }
    }

    /// A login answer lists zstd and gzip for pushes; a zstd push is taken as a gzip one is, and
    /// counted by its coding in `/metrics`.
    @Test func aZstdPushIsTakenWhereTheLoginListsIt() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            #expect(device.session.pushEncodings == ["zstd", "gzip"])
            #expect(device.session.pushCoding == .zstd)
            let changes = (1...40).map {
                device.change(entityID: newID(), field: "notes", value: .string("note \($0)"), seq: Int64($0))
            }
            let response = try await client.execute(
                uri: "/v1/changes", method: .post, headers: Self.headers(device.token, coding: "zstd"),
                body: try Zstd.compress(try Wire.body(device.push(changes))))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try Wire.decode(PushResponse.self, response).acceptedThrough == 40)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            for line in [
                #"crm_push_bodies_total{encoding="zstd"} 1"#, #"crm_push_bodies_total{encoding="gzip"} 0"#,
                #"crm_push_bodies_total{encoding="identity"} 0"#,
            ] {
                #expect(metrics.contains(line), "missing \(line) in:\n\(metrics)")
            }
        }
    }

    /// A zstd login is held to the login's cap as a gzip one is: a frame recording 63 MiB is
    /// refused from its header, before a byte is decompressed.
    @Test func aZstdLoginPastItsCapIsRefused() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let honest = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.headers(nil, coding: "zstd"),
                body: try Zstd.compress(try Self.login()))
            #expect(honest.status == .ok, "\(String(buffer: honest.body))")
            let bomb = try Zstd.compress(ByteBuffer(repeating: UInt8(ascii: " "), count: 63 << 20))
            #expect(bomb.readableBytes < 4096)
            let refused = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.headers(nil, coding: "zstd"), body: bomb)
            #expect(refused.status == .contentTooLarge, "\(String(buffer: refused.body))")
        }
    }

    @Test(arguments: ["cut", "garbage", "checksum"])
    func aZstdBodyMustBeOneWholeFrame(damage: String) async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            var body = try Zstd.compress(try Self.login())
            let end = body.writerIndex
            switch damage {
            case "cut": body.moveWriterIndex(to: end - 8)
            case "garbage": body.writeString("trailing garbage")
            default: body.setInteger(body.getInteger(at: end - 1, as: UInt8.self).map { $0 ^ 1 } ?? 0, at: end - 1)
            }
            let response = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.headers(nil, coding: "zstd"), body: body)
            #expect(response.status == .badRequest, "\(damage): \(String(buffer: response.body))")
            #expect(String(buffer: response.body).contains("bad_zstd"))
        }
    }

    @Test func anotherCodingIsRefusedNamingTheOnesTaken() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/session", method: .post, headers: Self.headers(nil, coding: "br"), body: try Self.login())
            #expect(response.status == .badRequest)
            let text = String(buffer: response.body)
            #expect(text.contains("unsupported_encoding") && text.contains("'br'") && text.contains("zstd or gzip"))
        }
    }
}
