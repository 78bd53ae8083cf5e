// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Each route's body limit, before and after inflation, and whole gzip members only.
@Suite struct RequestBodyReaderTests {
    static func gzipHeaders(_ token: String? = nil) -> HTTPFields {
        var headers = Wire.headers(token)
        headers[.contentEncoding] = "gzip"
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
            // The bomb: 64 KiB on the wire, 63 MiB inflated.
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
}
