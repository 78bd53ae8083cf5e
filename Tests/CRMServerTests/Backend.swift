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
/// parallel without sharing tenants.
enum Backend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The admin URL of the test PostgreSQL server, or nil (with the reason printed once).
    static let postgresURL: String? = {
        guard let url = ProcessInfo.processInfo.environment["CRM_TEST_POSTGRES_URL"], !url.isEmpty else {
            print(
                "CRMServerTests: skipping the PostgreSQL cases: CRM_TEST_POSTGRES_URL is unset "
                    + "(run `make test`, or `export CRM_TEST_POSTGRES_URL=$(scripts/postgres.sh start)`)")
            return nil
        }
        return url
    }()

    /// Every backend this run can reach: the argument list of backend-parameterised tests.
    static var available: [Backend] { postgresURL == nil ? [.sqlite] : allCases }

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
            throw ProcessFailure("CRM_TEST_POSTGRES_URL is unset; start PostgreSQL with scripts/postgres.sh start")
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
