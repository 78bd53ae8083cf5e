// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import CRMTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CRMServer

/// Mutated push (objects and rows) and login bodies, plain and gzip, against the router: never a 500, always a
/// JSON error body with a code for a refusal, and a pull afterwards still reads the log.
@Suite struct PushBodyFuzzTests {
    static let refusals: Set<Int> = [400, 403, 409, 413, 422, 429]

    @Test func mutatedBodiesAreAnsweredOrRefusedNeverFailed() async throws {
        let server = try await TestServer.make { $0.requestBurst = 1_000_000 }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let changes = [
                device.change(
                    entityID: newID(), op: .create, field: nil, value: .object(["name": .string("Ana")]), seq: 1),
                device.change(
                    "deal", newID(), field: "amount",
                    value: .object(["amount": .string("1.50"), "currency": .string("EUR")]), seq: 2),
                device.change(entityID: newID(), field: "tags", value: .array([.string("vip")]), seq: 3),
            ]
            let push = Array(try Wire.body(device.push(changes)).readableBytesView)
            let rows = Array(PushRowFormat.body(device.push(changes)).utf8)
            let login = Array(try RequestBodyReaderTests.login().readableBytesView)
            var random = FuzzInput(4)
            for iteration in 0..<FuzzInput.iterations {
                let isLogin = iteration % 4 == 3
                // Push bodies alternate between objects and rows (`PushRowFormat`).
                var bytes = random.mutate(isLogin ? login : iteration % 4 == 1 ? rows : push)
                var headers = Wire.headers(isLogin ? nil : device.token)
                if iteration % 3 == 0 {
                    bytes = Array(try Gzip.compress(ByteBuffer(bytes: bytes)).readableBytesView)
                    if iteration % 2 == 0 { bytes = random.mutate(bytes) }
                    headers[.contentEncoding] = "gzip"
                }
                let response = try await client.execute(
                    uri: isLogin ? "/v1/session" : "/v1/changes", method: .post, headers: headers,
                    body: ByteBuffer(bytes: bytes))
                let label = FuzzInput.label(isLogin ? "login body" : "push body", iteration)
                let status = Int(response.status.code)
                if status == 200 { continue }
                #expect(
                    Self.refusals.contains(status) || (isLogin && status == 401), "\(label): status \(status)")
                let error = try? Wire.decode(ErrorBody.self, response)
                #expect(error?.error.isEmpty == false, "\(label): no JSON error body: \(String(buffer: response.body))")
            }
            #expect(try await client.pull(device).status == .ok)
        }
    }
}
