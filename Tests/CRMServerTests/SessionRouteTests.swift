// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

@Suite struct SessionRouteTests {
    @Test func loginReturnsATokenBoundToUserRoleAndEpochOnSQLite() async throws {
        try await loginReturnsATokenBoundToUserRoleAndEpoch(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func loginReturnsATokenBoundToUserRoleAndEpochOnPostgreSQL() async throws {
        try await loginReturnsATokenBoundToUserRoleAndEpoch(backend: .postgres)
    }

    func loginReturnsATokenBoundToUserRoleAndEpoch(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login(user: "rep")
            #expect(device.session.role == .rep)
            #expect(device.session.epoch == server.tenants["acme"]?.epoch)
            #expect(device.token.count == 43)  // 32 bytes, base64url, no padding
            #expect(device.session.expiresAt == device.session.serverTime + Int64(server.configuration.tokenTTL * 1000))
            let stored = try await server.store.session(tokenHash: device.token)
            #expect(stored == nil, "the raw token must not be stored")
        }
    }

    @Test func wrongPasswordUnknownUserAndUnknownTenantGetTheSame401OnSQLite() async throws {
        try await wrongPasswordUnknownUserAndUnknownTenantGetTheSame401(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func wrongPasswordUnknownUserAndUnknownTenantGetTheSame401OnPostgreSQL()
        async throws
    {
        try await wrongPasswordUnknownUserAndUnknownTenantGetTheSame401(backend: .postgres)
    }

    func wrongPasswordUnknownUserAndUnknownTenantGetTheSame401(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            var bodies: [String] = []
            for (tenant, user, password) in [
                ("acme", "rep", "wrong password"), ("acme", "nobody", TestServer.password),
                ("initech", "rep", TestServer.password),
            ] {
                let request = SessionRequest(
                    tenant: tenant, user: user, password: password, deviceID: UUID().uuidString, deviceName: "d")
                let response = try await client.execute(
                    uri: "/v1/session", method: .post, headers: Wire.headers(nil), body: try Wire.body(request))
                #expect(response.status == .unauthorized)
                bodies.append(String(buffer: response.body))
            }
            #expect(Set(bodies).count == 1, "bodies differ: \(bodies)")
            #expect(try WireCoding.decoder().decode(ErrorBody.self, from: Data(bodies[0].utf8)).error == "unauthorized")
        }
    }

    @Test func missingExpiredAndRevokedTokensGet401OnSQLite() async throws {
        try await missingExpiredAndRevokedTokensGet401(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func missingExpiredAndRevokedTokensGet401OnPostgreSQL() async throws {
        try await missingExpiredAndRevokedTokensGet401(backend: .postgres)
    }

    func missingExpiredAndRevokedTokensGet401(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let missing = try await client.execute(uri: "/v1/changes?after=0", method: .get)
            #expect(missing.status == .unauthorized)
            let garbage = try await client.execute(uri: "/v1/changes", method: .get, headers: Wire.headers("nope"))
            #expect(garbage.status == .unauthorized)

            let revoked = try await client.login()
            #expect(try await client.pull(revoked).status == .ok)
            let delete = try await client.execute(
                uri: "/v1/session", method: .delete, headers: Wire.headers(revoked.token))
            #expect(delete.status == .noContent)
            #expect(try await client.pull(revoked).status == .unauthorized)
            let push = try await client.push(revoked, revoked.push([revoked.change(entityID: newID(), seq: 1)]))
            #expect(push.status == .unauthorized)

            let expiring = try await client.login()
            #expect(try await client.pull(expiring).status == .ok)
            server.clock.advance(server.configuration.tokenTTL + 1)
            let expired = try await client.pull(expiring)
            #expect(expired.status == .unauthorized)
            #expect(String(buffer: expired.body).contains("expired"))
        }
    }

    @Test func aDeviceBelongsToOneUserOnSQLite() async throws { try await aDeviceBelongsToOneUser(backend: .sqlite) }
    @Test(Backend.postgresRequired) func aDeviceBelongsToOneUserOnPostgreSQL() async throws {
        try await aDeviceBelongsToOneUser(backend: .postgres)
    }

    func aDeviceBelongsToOneUser(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = UUID().uuidString.lowercased()
            _ = try await client.login(user: "rep", device: device)
            _ = try await client.login(user: "rep", device: device)  // same user again: fine
            let request = SessionRequest(
                tenant: "acme", user: "agent", password: TestServer.password, deviceID: device, deviceName: "d")
            let response = try await client.execute(
                uri: "/v1/session", method: .post, headers: Wire.headers(nil), body: try Wire.body(request))
            #expect(response.status == .forbidden)
        }
    }

    @Test func healthAndUnknownRoutesOnSQLite() async throws { try await healthAndUnknownRoutes(backend: .sqlite) }
    @Test(Backend.postgresRequired) func healthAndUnknownRoutesOnPostgreSQL() async throws {
        try await healthAndUnknownRoutes(backend: .postgres)
    }

    func healthAndUnknownRoutes(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == #"{"status":"ok"}"#)
            let missing = try await client.execute(uri: "/v1/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(try Wire.decode(ErrorBody.self, missing).error == "not_found")
        }
    }
}
