// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import Foundation
import Logging
import NIOCore

/// The options of `crm-server serve` that run the inbound SMTP listener (issue 16).
///
/// The listener runs only with `--smtp-port`; each `--mail-address` routes one address to one
/// tenant, so a team's support address (or a provider's forward to it) feeds that tenant.
struct MailOptions: ParsableArguments {
    @Option(name: .customLong("smtp-port"), help: "Accept mail over SMTP on this port; 0 picks a free one.")
    var smtpPort: Int?
    @Option(name: .customLong("smtp-host"), help: "Address the SMTP listener binds (0.0.0.0 to act as MX).")
    var smtpHost = "127.0.0.1"
    @Option(name: .customLong("smtp-name"), help: "The host name the listener greets with (the MX host's name).")
    var smtpName = "crm-server"
    @Option(
        name: .customLong("mail-address"),
        help:
            "ADDRESS=TENANT: mail to ADDRESS becomes cases of TENANT (repeat for several), e.g. support@acme.example=acme."
    )
    var addresses: [String] = []
    @Option(name: .customLong("smtp-max-size"), help: "Largest message in bytes; larger ones are refused (552).")
    var maxSize = 10 * 1024 * 1024
    @Option(name: .customLong("smtp-idle-timeout"), help: "Close an SMTP connection silent this long: 5m, 30s.")
    var idleTimeout = "5m"
    @Option(name: .customLong("smtp-max-connections"), help: "SMTP connections served at once; more get 421.")
    var maxConnections = 100

    func validate() throws {
        if let smtpPort, !(0...65535).contains(smtpPort) {
            throw ValidationError("--smtp-port \(smtpPort): expected 0…65535")
        }
        guard smtpPort != nil || addresses.isEmpty else {
            throw ValidationError("--mail-address needs --smtp-port: mail reaches crm-server over its SMTP listener")
        }
        guard smtpPort == nil || !addresses.isEmpty else {
            throw ValidationError("--smtp-port needs at least one --mail-address ADDRESS=TENANT to deliver to")
        }
        _ = try routes()
        guard maxSize > 0 else { throw ValidationError("--smtp-max-size must be positive") }
        guard maxConnections > 0 else { throw ValidationError("--smtp-max-connections must be positive") }
        _ = try Duration.parseSeconds(idleTimeout)
    }

    /// `--mail-address` as address → tenant.
    func routes() throws -> [String: String] {
        var routes: [String: String] = [:]
        for value in addresses {
            let parts = value.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].contains("@"), !parts[1].isEmpty else {
                throw ValidationError(
                    "--mail-address '\(value)': expected ADDRESS=TENANT, like support@acme.example=acme")
            }
            if let other = routes[parts[0].lowercased()], other != parts[1] {
                throw ValidationError("--mail-address \(parts[0]) is given for two tenants (\(other) and \(parts[1]))")
            }
            routes[parts[0].lowercased()] = parts[1]
        }
        return routes
    }

    /// Starts the listener when `--smtp-port` is given; prints `smtp listening on HOST:PORT`.
    func start(store: any LogStore, logger: Logger) async throws {
        guard let smtpPort else { return }
        let gateway = MailGateway(store: store, routes: try routes(), logger: logger)
        let configuration = SMTPServer.Configuration(
            host: smtpHost, port: smtpPort, hostName: smtpName, maxMessageBytes: maxSize,
            idleTimeout: .milliseconds(Int64(try Duration.parseSeconds(idleTimeout) * 1000)),
            maxConnections: maxConnections)
        let server = try await SMTPServer.start(configuration, target: gateway, logger: logger)
        FileHandle.standardOutput.write(Data("smtp listening on \(smtpHost):\(server.port)\n".utf8))
    }
}
