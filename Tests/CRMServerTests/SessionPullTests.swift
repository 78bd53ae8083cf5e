// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import HummingbirdTesting
import Testing

@testable import CRMServer

/// A pull authenticated in the same store call that reads its page (`LogStore.sessionPull`; one
/// read transaction on SQLite): a page only for a live session, only of the session's tenant, and
/// a revoked token refused at its next pull on every instance.
@Suite struct SessionPullTests {
    @Test func aPageOnlyForALiveSessionOfItsOwnTenantOnSQLite() async throws {
        try await aPageOnlyForALiveSessionOfItsOwnTenant(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func aPageOnlyForALiveSessionOfItsOwnTenantOnPostgreSQL() async throws {
        try await aPageOnlyForALiveSessionOfItsOwnTenant(backend: .postgres)
    }

    func aPageOnlyForALiveSessionOfItsOwnTenant(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let acme = try await client.login(user: "rep")
            let globex = try await client.login(tenant: "globex", user: "manager")
            let acmeChanges = (1...3).map { acme.change(entityID: newID(), seq: Int64($0)) }
            let globexChange = globex.change(entityID: newID(), seq: 1)
            #expect(try await client.push(acme, acme.push(acmeChanges)).status == .ok)
            #expect(try await client.push(globex, globex.push([globexChange])).status == .ok)
            let store = server.store
            let hash = SessionToken.hash(acme.token)
            let now = server.configuration.nowMillis
            func request(_ hash: String, now: Int64, after: Int64 = 0, limit: Int = 2) -> SessionPull.Request {
                SessionPull.Request(tokenHash: hash, now: now, after: after, limit: limit, excludeOwn: false)
            }

            // Live: the page `pull` reads for the session's own tenant, user and role, both pages.
            for after: Int64 in [0, 2] {
                let answer = try await store.sessionPull(request(hash, now: now, after: after))
                let session = try #require(answer.session)
                #expect(session.tenantID == server.tenants["acme"]?.id && session.deviceID == acme.id)
                let page = try #require(answer.page)
                let query = PullQuery(
                    tenantID: session.tenantID, userID: session.userID, deviceID: session.deviceID, role: session.role,
                    after: after, limit: 2, excludeOwn: false)
                #expect(page == (try await store.pull(query)))
            }
            let first = try #require(try await store.sessionPull(request(hash, now: now, limit: 100)).page)
            #expect(first.changes.map(\.changeID) == acmeChanges.map(\.changeID))
            #expect(!first.changes.contains { $0.changeID == globexChange.changeID })
            await #expect(throws: StoreError.self) { try await store.sessionPull(request(hash, now: now, after: 4)) }

            // Unknown, expired, disabled, revoked: the session as stored (or nil), no page.
            let unknown = try await store.sessionPull(request(SessionToken.hash("no such token"), now: now))
            #expect(unknown.session == nil && unknown.page == nil)
            let expiry = try #require(try await store.session(tokenHash: hash)).expiresAt
            #expect(try await store.sessionPull(request(hash, now: expiry - 1)).page != nil)
            let expired = try await store.sessionPull(request(hash, now: expiry))
            #expect(expired.session?.tokenHash == hash && expired.page == nil)

            let agent = try await client.login(user: "agent")
            try await BearerAuthMiddlewareTests.disable("agent", in: server)
            let disabled = try await store.sessionPull(request(SessionToken.hash(agent.token), now: now))
            #expect(disabled.session?.userDisabledAt != nil && disabled.page == nil)

            #expect(try await store.revokeSession(tokenHash: hash, now: now))
            let revoked = try await store.sessionPull(request(hash, now: now))
            #expect(revoked.session?.revokedAt == now && revoked.page == nil)
            let other = try await store.sessionPull(request(SessionToken.hash(globex.token), now: now, limit: 100))
            #expect(other.page?.changes.map(\.changeID) == [globexChange.changeID], "other tokens keep pulling")
        }
    }

    @Test func aTokenRevokedOnOneInstanceIsRefusedByTheOtherAtOnceOnSQLite() async throws {
        try await aTokenRevokedOnOneInstanceIsRefusedByTheOtherAtOnce(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func aTokenRevokedOnOneInstanceIsRefusedByTheOtherAtOnceOnPostgreSQL()
        async throws
    {
        try await aTokenRevokedOnOneInstanceIsRefusedByTheOtherAtOnce(backend: .postgres)
    }

    /// Two instances, each with its own pool: the token pulls through the second, is revoked
    /// through the first, and the second's very next pull is a 401 (no session kept in memory).
    func aTokenRevokedOnOneInstanceIsRefusedByTheOtherAtOnce(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let secondStore = try Backend.open(server.database)
        try await server.app().test(.router) { one in
            try await server.app(store: secondStore).test(.router) { two in
                let device = try await one.login()
                #expect(try await two.pull(device).status == .ok)
                let logout = try await one.execute(
                    uri: "/v1/session", method: .delete, headers: Wire.headers(device.token))
                #expect(logout.status == .ok || logout.status == .noContent)
                let refused = try await two.pull(device)
                #expect(refused.status == .unauthorized)
                #expect(String(buffer: refused.body).contains("revoked"))
            }
        }
    }

    @Test func theChecksKeepTheirOrderUnauthorizedThenTooManyThenBadQuery() async throws {
        let server = try await TestServer.make(.sqlite) {
            $0.requestRate = 0.001
            $0.requestBurst = 1
        }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let badQuery = "/v1/changes?after=x"
            let anonymous = try await client.execute(uri: badQuery, method: .get, headers: Wire.headers("nope"))
            #expect(anonymous.status == .unauthorized, "an unknown token with a bad query: 401, not 400")
            let device = try await client.login()
            let bad = try await client.execute(uri: badQuery, method: .get, headers: Wire.headers(device.token))
            #expect(bad.status == .badRequest, "the first request of the burst, with a bad query: 400")
            #expect(try await client.pull(device).status == .tooManyRequests, "the bucket is empty: 429")
            try await server.store.revokeSession(tokenHash: SessionToken.hash(device.token), now: 0)
            #expect(try await client.pull(device).status == .unauthorized, "revoked with an empty bucket: 401")
        }
    }
}
