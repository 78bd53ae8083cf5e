// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import Logging

/// `--db`, shared by every subcommand: which log store to open.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The log store: sqlite:PATH (one host) or postgres://USER[:PASSWORD]@HOST:PORT/DATABASE (many hosts).")
    var db: String = "sqlite:crm-server.sqlite"

    @Option(
        name: .long,
        help: """
            PostgreSQL only: the most connections this process opens. Each is a PostgreSQL backend \
            process; fewer, busier ones cost PostgreSQL less CPU per request.
            """)
    var dbConnections: Int = 20

    @Option(
        name: .long,
        help: """
            The tenants' newest log rows kept in memory, in all (on PostgreSQL, by each instance), so \
            that a pull of what the team just pushed reads no row of the log again; about 1.5 KiB \
            each. 0 keeps none.
            """)
    var pullCacheRows: Int = TenantTail.defaultRowBudget

    /// The store `--db` names, checked but not opened.
    enum Location {
        case sqlite(path: String)
        case postgres(url: String)
    }

    func validate() throws {
        guard dbConnections > 0 else {
            throw ValidationError("--db-connections \(dbConnections): expected at least 1 (default 20)")
        }
        guard pullCacheRows >= 0 else {
            throw ValidationError(
                "--pull-cache-rows \(pullCacheRows): expected 0 (none) or more (default \(TenantTail.defaultRowBudget))"
            )
        }
        _ = try location()
    }

    func location() throws -> Location {
        if db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") {
            do {
                _ = try PostgresDatabaseURL(db)
            } catch let error as PostgresDatabaseURL.Invalid {
                throw ValidationError(error.description)
            }
            return .postgres(url: db)
        }
        guard db.hasPrefix("sqlite:"), db.count > "sqlite:".count else {
            throw ValidationError(
                "--db \(db): expected sqlite:PATH (like sqlite:/var/lib/crm/server.sqlite) "
                    + "or postgres://USER@HOST:PORT/DATABASE")
        }
        return .sqlite(path: String(db.dropFirst("sqlite:".count)))
    }

    /// Opens and migrates the store; `serving` keeps PostgreSQL connections open for the server's
    /// lifetime (`PostgresLogStore.init`), one-shot commands open them on demand.
    func openStore(serving: Bool = false) async throws -> any LogStore {
        let store: any LogStore =
            switch try location() {
            case .sqlite(let path): try SQLiteLogStore(path: path, pullCacheRows: serving ? pullCacheRows : 0)
            case .postgres(let url):
                try PostgresLogStore(
                    url: url, maximumConnections: dbConnections, keepsConnections: serving,
                    pullCacheRows: serving ? pullCacheRows : 0, logger: Self.postgresLogger())
            }
        try await store.migrate()
        return store
    }

    /// The connection pool's logger: warnings and worse, on stderr (stdout carries results).
    static func postgresLogger() -> Logger {
        var logger = Logger(label: "crm-server.postgres", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }
}
