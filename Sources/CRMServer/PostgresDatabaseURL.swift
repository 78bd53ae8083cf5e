// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import PostgresNIO

/// A `postgres://user[:password]@host[:port]/database` URL, checked and turned into a client configuration.
///
/// Operators pass one URL to `--db`; parsing it here gives one precise error for every malformed
/// part instead of a connection failure later. TLS is off: the server talks to PostgreSQL on a
/// trusted network (loopback in tests); `sslmode` other than `disable` is refused, not ignored.
/// `host=/dir` (libpq's spelling) connects over the unix socket `/dir/.s.PGSQL.<port>` instead of
/// TCP: on one machine it spares the kernel's TCP loopback, about a fifth of PostgreSQL's CPU
/// under sync load (Docs/BENCHMARKS.md, 2026-12-05).
public struct PostgresDatabaseURL: Hashable, Sendable {
    public var host: String
    public var port: Int
    /// The folder holding PostgreSQL's unix socket (`?host=/dir`), or nil for TCP to `host`.
    public var socketDirectory: String?
    public var user: String
    public var password: String?
    public var database: String

    /// Parses `text`; throws `PostgresDatabaseURL.Invalid` naming what is wrong.
    public init(_ text: String) throws {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"),
            let components = URLComponents(string: text)
        else { throw Invalid(url: text, reason: "expected postgres://user@host:port/database") }
        guard let host = components.host, !host.isEmpty else { throw Invalid(url: text, reason: "the host is missing") }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(url: text, reason: "the user is missing, as in postgres://crm@\(host)/crm")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(url: text, reason: "the database name is missing, as in postgres://\(user)@\(host)/crm")
        }
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): continue
            case ("host", let directory?) where directory.hasPrefix("/"): socketDirectory = directory
            case ("host", _):
                throw Invalid(url: text, reason: "host= must be the absolute path of PostgreSQL's socket folder")
            default:
                throw Invalid(
                    url: text,
                    reason: "unsupported option '\(item.name)'; only sslmode=disable and host=/dir are accepted")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
    }

    /// The unix socket's path (`socketDirectory/.s.PGSQL.<port>`, as libpq names it), or nil.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    /// The PostgresNIO configuration: the unix socket or plain TCP, a pool of at most
    /// `maximumConnections`; with `keepsConnections` all of them opened at start and kept, with
    /// no keep-alive query (see `PostgresLogStore.init`).
    ///
    /// Every connection starts with `plan_cache_mode = force_generic_plan`. A statement prepared
    /// once per connection was still planned again at every execution: PostgreSQL's `auto` mode
    /// kept choosing custom plans for the push's and the pull's statements (lists bound as arrays,
    /// limits as parameters), and planning was 28 % of PostgreSQL's CPU at 7,000 devices. Every
    /// statement the store runs is a lookup by key whose best plan does not depend on the values
    /// (the register and change-id probes are fenced `LATERAL` lookups for that reason,
    /// `PostgresPushReadStatement`), so one plan per connection serves them all
    /// (Docs/BENCHMARKS.md, 2026-12-06, twelfth session).
    func clientConfiguration(maximumConnections: Int, keepsConnections: Bool = false) -> PostgresClient.Configuration {
        var configuration =
            if let socketPath {
                PostgresClient.Configuration(
                    unixSocketPath: socketPath, username: user, password: password, database: database)
            } else {
                PostgresClient.Configuration(
                    host: host, port: port, username: user, password: password, database: database, tls: .disable)
            }
        configuration.options.maximumConnections = maximumConnections
        if keepsConnections {
            configuration.options.minimumConnections = maximumConnections
            configuration.options.keepAliveBehavior = nil
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [(Self.planCacheMode, Self.genericPlans)]
        return configuration
    }

    /// The setting every connection starts with, and its value (`clientConfiguration`).
    static let planCacheMode = "plan_cache_mode"
    static let genericPlans = "force_generic_plan"

    /// What is wrong with a `--db postgres://…` URL and how it should look.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var url: String
        public var reason: String
        public var description: String {
            "--db \(url): \(reason) (example: postgres://crm@127.0.0.1:5432/crm)"
        }
    }
}
