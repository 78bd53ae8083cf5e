// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Failed-login rate limiting: 429 with `Retry-After` after too many failures for one name, or
/// from one client address whatever the names.
@Suite struct LoginThrottleTests {
    func login(
        _ client: some TestClientProtocol, user: String, password: String, forwardedFor: String? = nil
    ) async throws -> TestResponse {
        let request = SessionRequest(
            tenant: "acme", user: user, password: password, deviceID: UUID().uuidString, deviceName: "d")
        var headers = Wire.headers(nil)
        if let forwardedFor, let name = HTTPField.Name("X-Forwarded-For") { headers[name] = forwardedFor }
        return try await client.execute(
            uri: "/v1/session", method: .post, headers: headers, body: try Wire.body(request))
    }

    /// Asserts a 429 `too_many_logins` whose message names `reason` and whose `Retry-After` is within the window.
    func expectRefused(_ response: TestResponse, reason: String, window: Int) throws {
        #expect(response.status == .tooManyRequests)
        #expect(response.headers[.retryAfter].flatMap(Int.init).map { (1...window).contains($0) } == true)
        let body = try Wire.decode(ErrorBody.self, response)
        #expect(body.error == "too_many_logins")
        #expect(body.message.contains(reason), "\(body.message)")
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
                try expectRefused(refused, reason: "this user", window: 60)
            }
            #expect(try await login(client, user: "manager", password: TestServer.password).status == .ok)
            server.clock.advance(61)
            #expect(try await login(client, user: "rep", password: TestServer.password).status == .ok)
            #expect(try await login(client, user: "rep", password: "wrong password").status == .unauthorized)
            #expect(try await login(client, user: "rep", password: TestServer.password).status == .ok)
        }
    }

    @Test func failuresFromOneAddressAcrossNamesGet429AndTheNextLoginToo() async throws {
        let server = try await TestServer.make {
            $0.loginFailureLimit = 10
            $0.addressLoginFailureLimit = 4
            $0.loginFailureWindow = 60
        }
        defer { server.cleanUp() }
        try await server.app().test(.live) { client in
            for user in ["rep", "agent", "admin", "manager"] {
                #expect(try await login(client, user: user, password: "wrong password").status == .unauthorized)
            }
            // The login after the limit: a right password for a name that never failed, still 429.
            try expectRefused(
                try await login(client, user: "manager", password: TestServer.password), reason: "address", window: 60)
            // Without a trusted proxy, X-Forwarded-For is the client's own claim and changes nothing.
            try expectRefused(
                try await login(client, user: "rep", password: TestServer.password, forwardedFor: "10.9.9.9"),
                reason: "address", window: 60)
            server.clock.advance(61)
            #expect(try await login(client, user: "manager", password: TestServer.password).status == .ok)
        }
    }

    @Test func behindATrustedProxyEachForwardedClientHasItsOwnCount() async throws {
        let server = try await TestServer.make {
            $0.addressLoginFailureLimit = 3
            $0.loginFailureWindow = 60
            $0.trustedProxies = ["127.0.0.1"]
        }
        defer { server.cleanUp() }
        try await server.app().test(.live) { client in
            for user in ["rep", "agent", "admin"] {
                let response = try await login(
                    client, user: user, password: "wrong password", forwardedFor: "203.0.113.7, 127.0.0.1")
                #expect(response.status == .unauthorized)
            }
            try expectRefused(
                try await login(client, user: "manager", password: TestServer.password, forwardedFor: "203.0.113.7"),
                reason: "address", window: 60)
            let elsewhere = try await login(
                client, user: "manager", password: TestServer.password, forwardedFor: "198.51.100.2")
            #expect(elsewhere.status == .ok, "another client behind the same proxy is not held")
            let proxyItself = try await login(client, user: "manager", password: TestServer.password)
            #expect(proxyItself.status == .ok, "the proxy's own address was never counted")
        }
    }

    @Test func aSuccessDoesNotClearTheAddressCount() async throws {
        let server = try await TestServer.make {
            $0.addressLoginFailureLimit = 3
            $0.loginFailureWindow = 60
        }
        defer { server.cleanUp() }
        try await server.app().test(.live) { client in
            for user in ["rep", "agent"] {
                #expect(try await login(client, user: user, password: "wrong password").status == .unauthorized)
            }
            #expect(try await login(client, user: "manager", password: TestServer.password).status == .ok)
            #expect(try await login(client, user: "admin", password: "wrong password").status == .unauthorized)
            try expectRefused(
                try await login(client, user: "manager", password: TestServer.password), reason: "address", window: 60)
        }
    }
}
