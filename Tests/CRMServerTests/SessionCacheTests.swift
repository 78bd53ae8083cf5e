// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import GRDB
import HummingbirdTesting
import PostgresNIO
import Testing

@testable import CRMServer

/// The SQLite store keeps the sessions it read (`SessionCache`) and trusts one only while its
/// tenant's auth revision (migration 6) is the one it was read at, in the request's own
/// transaction: a session ended by anyone, on any connection, is refused at its next push or pull.
@Suite struct SessionCacheTests {
    static func session(_ token: String, revision: Int64?) -> SessionRecord {
        SessionRecord(
            tokenHash: token, tenantID: "t", userID: "u", deviceID: "d", role: .rep, createdAt: 0, expiresAt: 10,
            authRevision: revision)
    }

    @Test func keepsOnlySessionsReadWithARevisionAndStartsOverWhenFull() {
        let cache = SessionCache(capacity: 2)
        cache.keep(Self.session("a", revision: 1))
        cache.keep(Self.session("b", revision: nil))
        #expect(cache.session(tokenHash: "a")?.authRevision == 1)
        #expect(cache.session(tokenHash: "b") == nil, "a session without a revision cannot be checked")
        cache.keep(Self.session("b", revision: 1))
        cache.keep(Self.session("a", revision: 2))
        #expect(cache.count == 2 && cache.session(tokenHash: "a")?.authRevision == 2)
        cache.keep(Self.session("c", revision: 1))
        #expect(cache.count == 1 && cache.session(tokenHash: "c") != nil, "full: it starts over")
        cache.keep(Self.session("c", revision: nil))
        #expect(cache.session(tokenHash: "c") == nil)
        cache.keep(Self.session("c", revision: 3))
        cache.forget(tokenHash: "c")
        #expect(cache.count == 0)
    }

    @Test func aKeptSessionIsTrustedOnlyAtItsTenantsRevisionOnSQLite() async throws {
        try await aKeptSessionIsTrustedOnlyAtItsTenantsRevision(.sqlite)
    }
    @Test(Backend.postgresRequired) func aKeptSessionIsTrustedOnlyAtItsTenantsRevisionOnPostgreSQL() async throws {
        try await aKeptSessionIsTrustedOnlyAtItsTenantsRevision(.postgres)
    }

    /// What the store keeps is what it answers with, as long as the revision holds: a kept
    /// session claiming a revocation the database does not have is believed at the tenant's
    /// current revision and read again at any other.
    func aKeptSessionIsTrustedOnlyAtItsTenantsRevision(_ backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let store = server.store
        let kept = try Self.kept(store)
        try await server.app().test(.router) { client in
            let device = try await client.login(user: "rep")
            let hash = SessionToken.hash(device.token)
            let now = server.configuration.nowMillis
            let request = SessionPull.Request(tokenHash: hash, now: now, after: 0, limit: 10, excludeOwn: false)
            let read = try #require(try await store.pushSession(tokenHash: hash, now: now))
            #expect(read.authRevision != nil && kept.session(tokenHash: hash) == read)

            var claimed = read
            claimed.createdAt = 42
            kept.keep(claimed)
            #expect(try await store.pushSession(tokenHash: hash, now: now) == claimed, "a push starts from memory")
            #expect(try await store.sessionPull(request).session == claimed, "and so does a pull")
            claimed.revokedAt = now
            kept.keep(claimed)
            #expect(
                try await store.pushSession(tokenHash: hash, now: now) == read,
                "a kept session that is not live is read again")
            kept.keep(claimed)
            let reread = try await store.sessionPull(request)
            #expect(reread.session == read && reread.page != nil, "and so is a pull's")

            claimed.authRevision = (read.authRevision ?? 0) - 1
            claimed.revokedAt = nil
            kept.keep(claimed)
            let again = try await store.sessionPull(request)
            #expect(again.session == read && again.page != nil, "another revision: read from the database")
            #expect(kept.session(tokenHash: hash) == read, "and kept as read")
        }
    }

    /// The sessions `store` keeps.
    static func kept(_ store: any LogStore) throws -> SessionCache {
        if let store = store as? SQLiteLogStore { return store.sessions }
        return try #require(store as? PostgresLogStore).sessions
    }

    @Test func aSessionEndedElsewhereIsRefusedAndItsPushWritesNothingOnSQLite() async throws {
        try await aSessionEndedElsewhereIsRefusedAndItsPushWritesNothing(.sqlite)
    }
    @Test(Backend.postgresRequired) func aSessionEndedElsewhereIsRefusedAndItsPushWritesNothingOnPostgreSQL()
        async throws
    {
        try await aSessionEndedElsewhereIsRefusedAndItsPushWritesNothing(.postgres)
    }

    /// Two instances on one database, each with its own kept sessions: the token pushes through
    /// the second, logs out through the first, and the second's next push is a 401 that writes
    /// nothing, though it started from the session the second kept; its pull there is refused first.
    func aSessionEndedElsewhereIsRefusedAndItsPushWritesNothing(_ backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let second = try Backend.open(server.database)
        try await second.migrate()
        try await server.app().test(.router) { one in
            try await server.app(store: second).test(.router) { two in
                let device = try await one.login(user: "rep")
                let first = device.change(entityID: newID(), seq: 1)
                #expect(try await two.push(device, device.push([first])).status == .ok)
                #expect(try await two.pull(device).status == .ok)
                #expect(try Self.kept(second).session(tokenHash: SessionToken.hash(device.token)) != nil)

                let logout = try await one.execute(
                    uri: "/v1/session", method: .delete, headers: Wire.headers(device.token))
                #expect(logout.status == .ok || logout.status == .noContent)
                #expect(try await two.pull(device).status == .unauthorized, "a pull starts from it too")
                let refused = try await two.push(device, device.push([device.change(entityID: newID(), seq: 2)]))
                #expect(refused.status == .unauthorized)
                #expect(String(buffer: refused.body).contains("revoked"))
                let other = try await one.login(user: "manager")
                #expect(try await one.pullAll(other).map(\.changeID) == [first.changeID])
            }
        }
    }

    @Test func aPushOfAUserDisabledElsewhereWritesNothingOnSQLite() async throws {
        try await aPushOfAUserDisabledElsewhereWritesNothing(.sqlite)
    }
    @Test(Backend.postgresRequired) func aPushOfAUserDisabledElsewhereWritesNothingOnPostgreSQL() async throws {
        try await aPushOfAUserDisabledElsewhereWritesNothing(.postgres)
    }

    /// A user disabled in SQL on another connection: the kept session's next push is refused
    /// where the push writes.
    func aPushOfAUserDisabledElsewhereWritesNothing(_ backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let agent = try await client.login(user: "agent")
            #expect(try await client.push(agent, agent.push([agent.change(entityID: newID(), seq: 1)])).status == .ok)
            #expect(try Self.kept(server.store).session(tokenHash: SessionToken.hash(agent.token)) != nil)
            try await BearerAuthMiddlewareTests.disable("agent", in: server)
            let refused = try await client.push(agent, agent.push([agent.change(entityID: newID(), seq: 2)]))
            #expect(refused.status == .unauthorized)
            #expect(String(buffer: refused.body).contains("disabled"))
            let manager = try await client.login(user: "manager")
            #expect(try await client.pullAll(manager).count == 1)
        }
    }

    @Test func anotherSessionEndedInTheTenantOnlyReadsTheSessionAgainOnSQLite() async throws {
        try await anotherSessionEndedInTheTenantOnlyReadsTheSessionAgain(.sqlite)
    }
    @Test(Backend.postgresRequired)
    func anotherSessionEndedInTheTenantOnlyReadsTheSessionAgainOnPostgreSQL() async throws {
        try await anotherSessionEndedInTheTenantOnlyReadsTheSessionAgain(.postgres)
    }

    /// Another token of the tenant revoked: the revision moves, the kept session is read again
    /// once, found live, and the push goes through.
    func anotherSessionEndedInTheTenantOnlyReadsTheSessionAgain(_ backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let kept = try Self.kept(server.store)
        try await server.app().test(.router) { client in
            let rep = try await client.login(user: "rep")
            let agent = try await client.login(user: "agent")
            #expect(try await client.push(rep, rep.push([rep.change(entityID: newID(), seq: 1)])).status == .ok)
            let before = try #require(kept.session(tokenHash: SessionToken.hash(rep.token))?.authRevision)
            #expect(try await server.store.revokeSession(tokenHash: SessionToken.hash(agent.token), now: 1))
            #expect(try await client.push(rep, rep.push([rep.change(entityID: newID(), seq: 2)])).status == .ok)
            let after = kept.session(tokenHash: SessionToken.hash(rep.token))?.authRevision
            #expect(after == before + 1)
        }
    }

    @Test func theRevisionMovesWithEndedSessionsAndUsersOnlyOnSQLite() async throws {
        try await theRevisionMovesWithEndedSessionsAndUsersOnly(.sqlite)
    }
    @Test(Backend.postgresRequired) func theRevisionMovesWithEndedSessionsAndUsersOnlyOnPostgreSQL() async throws {
        try await theRevisionMovesWithEndedSessionsAndUsersOnly(.postgres)
    }

    /// Runs `text`, whose one parameter `?` is the tenant's id, in the server's database, outside
    /// the server; then answers the tenant's auth revision.
    static func change(_ text: String, tenant: String, in server: TestServer) async throws -> Int64 {
        let read = "SELECT auth_revision FROM tenants WHERE id = ?"
        if server.database.hasPrefix("sqlite:") {
            let queue = try DatabaseQueue(path: String(server.database.dropFirst(7)))
            if !text.isEmpty { try await queue.write { try $0.execute(sql: text, arguments: [tenant]) } }
            return try await queue.read { try Int64.fetchOne($0, sql: read, arguments: [tenant]) ?? -1 }
        }
        let store = try #require(server.store as? PostgresLogStore)
        func query(_ text: String) -> PostgresQuery {
            var bindings = PostgresBindings(capacity: 1)
            if text.contains("?") { bindings.append(tenant) }
            return PostgresQuery(unsafeSQL: text.replacingOccurrences(of: "?", with: "$1"), binds: bindings)
        }
        return try await store.withSQL { sql in
            if !text.isEmpty { try await sql.run(query(text)) }
            return try await sql.row(query(read))?.value("auth_revision") ?? -1
        }
    }

    /// The triggers of migration 6 raise a tenant's revision for a session changed or removed and
    /// a user disabled or removed, and for nothing that cannot end a session.
    func theRevisionMovesWithEndedSessionsAndUsersOnly(_ backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let tenant = try #require(server.tenants["acme"]?.id)
        try await server.app().test(.router) { client in
            let rep = try await client.login(user: "rep")
            func change(_ sql: String = "") async throws -> Int64 {
                try await Self.change(sql, tenant: tenant, in: server)
            }
            let start = try await change()
            _ = try await client.login(user: "manager")
            #expect(try await change() == start, "a login")
            #expect(try await client.push(rep, rep.push([rep.change(entityID: newID(), seq: 1)])).status == .ok)
            #expect(try await change() == start, "a push")
            #expect(
                try await change("UPDATE users SET name = name || '2' WHERE tenant_id = ? AND name = 'admin'") == start)
            #expect(
                try await change("UPDATE users SET disabled_at = 5 WHERE tenant_id = ? AND name = 'agent'") == start + 1
            )
            #expect(
                try await change(
                    "UPDATE sessions SET revoked_at = 5 WHERE tenant_id = ? AND user_id = (SELECT id FROM users WHERE tenant_id = sessions.tenant_id AND name = 'manager')"
                ) == start + 2)
            #expect(
                try await change("UPDATE sessions SET expires_at = expires_at + 1 WHERE tenant_id = ?") == start + 4)
            #expect(try await change("DELETE FROM sessions WHERE tenant_id = ?") == start + 6)
            #expect(try await change("DELETE FROM users WHERE tenant_id = ? AND name = 'agent'") == start + 7)
            if backend == .postgres {
                #expect(try await change("TRUNCATE sessions") == start + 8, "a TRUNCATE raises every tenant's")
            }
        }
    }
}
