// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import PostgresNIO

/// A `postgres://user[:password]@host[:port]/database` URL, checked and turned into a client configuration.
///
/// Operators pass one URL to `--db`; parsing it here gives one precise error for every malformed
/// part instead of a connection failure later. TLS is off: the server talks to PostgreSQL on a
/// trusted network (loopback in tests); `sslmode` other than `disable` is refused, not ignored.
public struct PostgresDatabaseURL: Hashable, Sendable {
    public var host: String
    public var port: Int
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
        for item in components.queryItems ?? [] where item.name != "sslmode" || item.value != "disable" {
            throw Invalid(url: text, reason: "unsupported option '\(item.name)'; only sslmode=disable is accepted")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
    }

    /// The PostgresNIO configuration: plain TCP, a pool of at most `maximumConnections`.
    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// What is wrong with a `--db postgres://…` URL and how it should look.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var url: String
        public var reason: String
        public var description: String {
            "--db \(url): \(reason) (example: postgres://crm@127.0.0.1:5432/crm)"
        }
    }
}
