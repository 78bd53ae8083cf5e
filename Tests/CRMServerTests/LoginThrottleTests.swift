// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Failed-login rate limiting: 429 with `Retry-After` after too many failures for one name.
@Suite struct LoginThrottleTests {
    func login(_ client: some TestClientProtocol, user: String, password: String) async throws -> TestResponse {
        let request = SessionRequest(
            tenant: "acme", user: user, password: password, deviceID: UUID().uuidString, deviceName: "d")
        return try await client.execute(
            uri: "/v1/session", method: .post, headers: Wire.headers(nil), body: try Wire.body(request))
    }

    @Test func tooManyFailuresGet429WithRetryAfterUntilTheWindowPasses() async throws {
        let server = try await TestServer.make {
            $0.loginFailureLimit = 3
            $0.loginFailureWindow = 60
        }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            for _ in 0..<3 {
                #expect(try await login(client, user: "rep", password: "wrong password").status == .unauthorized)
            }
            for password in ["wrong password", TestServer.password] {
                let refused = try await login(client, user: "rep", password: password)
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers[.retryAfter].flatMap(Int.init).map { (1...60).contains($0) } == true)
                #expect(try Wire.decode(ErrorBody.self, refused).error == "too_many_logins")
            }
            #expect(try await login(client, user: "manager", password: TestServer.password).status == .ok)
            server.clock.advance(61)
            #expect(try await login(client, user: "rep", password: TestServer.password).status == .ok)
            #expect(try await login(client, user: "rep", password: "wrong password").status == .unauthorized)
            #expect(try await login(client, user: "rep", password: TestServer.password).status == .ok)
        }
    }
}
