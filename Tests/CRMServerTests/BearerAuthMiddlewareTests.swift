// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import GRDB
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

@testable import CRMServer

/// Tokens stop working the moment their user is disabled.
@Suite struct BearerAuthMiddlewareTests {
    /// Sets `users.disabled_at` the way an admin's disable does, in the store's own database.
    static func disable(_ user: String, in server: TestServer) async throws {
        let tenantID = try #require(server.tenants["acme"]?.id)
        if server.database.hasPrefix("sqlite:") {
            let queue = try DatabaseQueue(path: String(server.database.dropFirst(7)))
            try await queue.write { db in
                try db.execute(
                    sql: "UPDATE users SET disabled_at = 1 WHERE tenant_id = ? AND name = ?",
                    arguments: [tenantID, user])
            }
            return
        }
        let url = try PostgresDatabaseURL(server.database)
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: .disable),
            id: 1, logger: Logger(label: "crm-test-postgres"))
        try await connection.query(
            "UPDATE users SET disabled_at = 1 WHERE tenant_id = \(tenantID) AND name = \(user)",
            logger: Logger(label: "crm-test"))
        try await connection.close()
    }

    @Test func aDisabledUsersTokenIsRefusedOnItsNextRequestOnSQLite() async throws {
        try await aDisabledUsersTokenIsRefusedOnItsNextRequest(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func aDisabledUsersTokenIsRefusedOnItsNextRequestOnPostgreSQL() async throws {
        try await aDisabledUsersTokenIsRefusedOnItsNextRequest(backend: .postgres)
    }

    func aDisabledUsersTokenIsRefusedOnItsNextRequest(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let rep = try await client.login(user: "rep")
            let other = try await client.login(user: "agent")
            #expect(try await client.pull(rep).status == .ok)
            try await Self.disable("rep", in: server)
            let refused = try await client.pull(rep)
            #expect(refused.status == .unauthorized)
            #expect(String(buffer: refused.body).contains("disabled"))
            let pushed = try await client.push(rep, rep.push([rep.change(entityID: newID(), seq: 1)]))
            #expect(pushed.status == .unauthorized)
            #expect(try await client.pull(other).status == .ok, "other users keep working")
        }
    }

    /// The header is read as bytes now (no `lowercased()`, no Foundation trimming): the scheme in
    /// any case, spaces and tabs around the token dropped, any other scheme refused.
    @Test func theBearerTokenIsReadFromTheHeaderAsBefore() {
        #expect(BearerAuthMiddleware.bearerToken("Bearer abc-_9") == "abc-_9")
        #expect(BearerAuthMiddleware.bearerToken("bEaReR  abc \t") == "abc")
        #expect(BearerAuthMiddleware.bearerToken("BEARER \tabc") == "abc")
        #expect(BearerAuthMiddleware.bearerToken("Bearer ") == "")
        #expect(BearerAuthMiddleware.bearerToken("Bearer") == nil)
        #expect(BearerAuthMiddleware.bearerToken("Basic abc") == nil)
        #expect(BearerAuthMiddleware.bearerToken("Bearerabc") == nil)
        #expect(BearerAuthMiddleware.bearerToken("Bearer tök") == "tök")
    }
}
