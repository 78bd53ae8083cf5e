// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A known path asked with the wrong method is a 405 naming the methods it takes.
@Suite struct MethodNotAllowedTests {
    @Test(arguments: [
        ("/v1/changes", HTTPRequest.Method.put, "GET, POST"), ("/v1/changes", .delete, "GET, POST"),
        ("/v1/session", .get, "POST, DELETE"), ("/v1/session", .patch, "POST, DELETE"), ("/healthz", .post, "GET"),
        ("/metrics", .delete, "GET"),
    ])
    func wrongMethodOnAKnownPathIs405(path: String, method: HTTPRequest.Method, allow: String) async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let response = try await client.execute(uri: path, method: method, headers: Wire.headers(nil))
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allow)
            let body = try Wire.decode(ErrorBody.self, response)
            #expect(body.error == "method_not_allowed")
            #expect(body.message.contains(allow))
        }
    }

    @Test func anUnknownPathIsStill404() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let response = try await client.execute(uri: "/v1/nothing", method: .get, headers: Wire.headers(nil))
            #expect(response.status == .notFound)
        }
    }
}
