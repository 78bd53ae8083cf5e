// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Logging
import PostgresNIO
import Testing

@testable import CRMServer

/// `--db postgres://…?host=/dir`: PostgreSQL's unix socket instead of TCP loopback (libpq's
/// spelling, so the same URL works with psql).
@Suite struct PostgresDatabaseURLTests {
    @Test func hostOptionNamesTheSocketFolder() throws {
        let url = try PostgresDatabaseURL("postgres://crm@localhost:5433/crm?host=/run/pg&sslmode=disable")
        #expect(url.socketDirectory == "/run/pg")
        #expect(url.socketPath == "/run/pg/.s.PGSQL.5433")
        #expect(try PostgresDatabaseURL("postgres://crm@localhost/crm").socketPath == nil)
        #expect(try PostgresDatabaseURL("postgres://crm@localhost/crm?host=/tmp").socketPath == "/tmp/.s.PGSQL.5432")
    }

    @Test func aRelativeSocketFolderIsRefusedByName() {
        #expect {
            try PostgresDatabaseURL("postgres://crm@localhost/crm?host=run/pg")
        } throws: { error in
            "\(error)".contains("host= must be the absolute path")
        }
    }

    /// A store opened over the test server's own socket migrates, writes and reads back.
    @Test(Backend.postgresRequired) func aStoreWorksOverTheSocket() async throws {
        let tcp = try PostgresDatabaseURL(try await PostgresTestDatabase.create())
        let folder = try await socketFolder(of: tcp)
        let url = "postgres://\(tcp.user)@localhost:\(tcp.port)/\(tcp.database)?host=\(folder)"
        let store = try PostgresLogStore(url: url, maximumConnections: 2)
        try await store.migrate()
        let tenant = try await store.addTenant(name: "socket", now: 0)
        #expect(try await store.tenant(named: "socket")?.id == tenant.id)
    }

    /// The store's connections plan each prepared statement once (`clientConfiguration`): a
    /// statement run many times on one connection is planned at most once more.
    @Test(Backend.postgresRequired) func theStoresConnectionsPlanEachStatementOnce() async throws {
        let store = try PostgresLogStore(url: try await PostgresTestDatabase.create(), maximumConnections: 1)
        try await store.migrate()
        let tenant = try await store.addTenant(name: "plans", now: 0)
        try await store.withSQL { sql in
            let mode = try await sql.row("SHOW plan_cache_mode")?.value("plan_cache_mode", as: String.self)
            #expect(mode == PostgresDatabaseURL.genericPlans)
            // The pull's statement, eight times: past five, `auto` mode had planned it anew each time.
            for _ in 0..<8 {
                _ = try await sql.first(PostgresPullStatement(tenantID: tenant.id, after: 0, limit: 10, part: nil))
            }
            let plans = try await sql.rows(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = \(PostgresPullStatement.name)"
            )
            let row = try #require(plans.first)
            #expect(try row.value("custom_plans", as: Int64.self) == 0)
            #expect(try row.value("generic_plans", as: Int64.self) == 8)
        }
    }

    /// The first folder of the server's `unix_socket_directories`, asked over TCP.
    func socketFolder(of url: PostgresDatabaseURL) async throws -> String {
        let logger = Logger(label: "crm-test-postgres")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: .disable),
            id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        var folders = ""
        for try await (value) in try await connection.query("SHOW unix_socket_directories", logger: logger)
            .decode(String.self)
        {
            folders = value
        }
        let first = folders.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        try #require(first.hasPrefix("/"), "unix_socket_directories is '\(folders)'")
        return first
    }
}
