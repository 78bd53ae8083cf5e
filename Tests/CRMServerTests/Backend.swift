// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import Foundation
import Logging
import PostgresNIO
import Testing

/// The log stores the server tests run against.
///
/// SQLite always; PostgreSQL when `CRM_TEST_POSTGRES_URL` names a server (`make test` starts one
/// with `scripts/postgres.sh`). Each PostgreSQL test gets a database of its own, so tests run in
/// parallel without sharing tenants. A PostgreSQL test carries `Backend.postgresRequired`: without
/// a server the runner reports it as skipped, with the reason, unless PostgreSQL is expected
/// (`CRM_TEST_POSTGRES_REQUIRED=1`, which `make test` sets, or `CI=true`); then it runs and fails.
enum Backend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The admin URL of the test PostgreSQL server, or nil.
    static let postgresURL: String? = {
        guard let url = ProcessInfo.processInfo.environment["CRM_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }()

    /// Whether this run must test PostgreSQL: the test script started it, or this is CI.
    static let postgresExpected: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return environment["CRM_TEST_POSTGRES_REQUIRED"] == "1" || environment["CI"] == "true"
    }()

    /// The trait of a test that needs PostgreSQL: skipped with the reason when there is none and
    /// none is expected; run (and so failed) when one is expected but missing.
    static var postgresRequired: ConditionTrait {
        .enabled(
            if: postgresURL != nil || postgresExpected,
            Comment(
                rawValue: "needs PostgreSQL: CRM_TEST_POSTGRES_URL is unset (run `make test`, or "
                    + "`export CRM_TEST_POSTGRES_URL=$(scripts/postgres.sh start)`)"))
    }

    /// The `--db` value of a fresh, empty store: a new SQLite file in `directory` or a new database.
    func freshDatabase(in directory: URL) async throws -> String {
        switch self {
        case .sqlite: "sqlite:" + directory.appendingPathComponent("log-\(UUID()).sqlite").path
        case .postgres: try await PostgresTestDatabase.create()
        }
    }

    /// Opens (without migrating) the store at `database`, a `freshDatabase` value.
    static func open(_ database: String) throws -> any LogStore {
        if database.hasPrefix("sqlite:") { return try SQLiteLogStore(path: String(database.dropFirst(7))) }
        var logger = Logger(label: "crm-test-postgres")
        logger.logLevel = .warning
        return try PostgresLogStore(url: database, maximumConnections: 8, logger: logger)
    }
}

/// Creates throwaway databases on the test PostgreSQL server.
enum PostgresTestDatabase {
    /// A new, empty database; returns its URL.
    static func create() async throws -> String {
        guard let admin = Backend.postgresURL else {
            throw ProcessFailure(
                "PostgreSQL was expected (CRM_TEST_POSTGRES_REQUIRED=1 or CI=true) but CRM_TEST_POSTGRES_URL is unset; "
                    + "start it with scripts/postgres.sh start")
        }
        let url = try PostgresDatabaseURL(admin)
        let name = "crm_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: .disable),
            id: 1, logger: Logger(label: "crm-test-postgres"))
        do {
            try await connection.query("CREATE DATABASE \(unescaped: name)", logger: Logger(label: "crm-test"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        let credentials = url.password.map { "\(url.user):\($0)" } ?? url.user
        return "postgres://\(credentials)@\(url.host):\(url.port)/\(name)"
    }
}
