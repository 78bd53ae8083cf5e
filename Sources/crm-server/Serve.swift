// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import Foundation
import Hummingbird
import Logging

extension CRMServerCommand {
    /// `crm-server serve`: run the HTTP API until SIGTERM or SIGINT.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the sync HTTP API.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Address to bind.") var host = "127.0.0.1"
        @Option(help: "Port to bind; 0 picks a free one (printed as `listening on HOST:PORT`).") var port = 8080
        @Option(
            name: .customLong("unix-socket"),
            help: ArgumentHelp(
                "Listen on a Unix domain socket at PATH instead of --host and --port (printed as `listening on unix:PATH`).",
                discussion: "For a proxy on the same host (nginx's `server unix:PATH`). The socket gets the umask; "
                    + "give the proxy's user write access to it, and --trusted-proxy unix to believe its X-Forwarded-For.",
                valueName: "PATH"))
        var unixSocket: String?
        @Option(name: .customLong("token-ttl"), help: "Session lifetime: 30d, 12h, 90m or seconds.")
        var tokenTTL = "30d"
        @Option(name: .customLong("max-body"), help: "Largest request body in bytes, as sent.")
        var maxBody = 4 * 1024 * 1024
        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.")
        var logLevel = "info"
        @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve https (needs --tls-key).")
        var tlsCert: String?
        @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.") var tlsKey: String?
        @Option(
            name: .customLong("trusted-proxy"),
            help: "A proxy address whose X-Forwarded-For names the client (repeat for several), e.g. 127.0.0.1.")
        var trustedProxies: [String] = []
        @Option(
            name: .customLong("rate-limit"), help: "Requests per second one session token may sustain; 0 turns it off.")
        var rateLimit: Double = 100
        @Option(name: .customLong("rate-burst"), help: "Requests one session token may send at once.")
        var rateBurst = 2000
        @Option(
            name: .customLong("login-failures-per-address"),
            help: "Failed logins from one address in 5 minutes before 429; 0 turns it off.")
        var addressLoginFailures = 50
        @Option(
            name: .customLong("max-connections"),
            help: ArgumentHelp(
                "The most client connections held at once; more wait in the listen backlog until one closes.",
                discussion: "Default: the open-file limit less 512 descriptors kept for the database, mail and "
                    + "the runtime. A process out of descriptors is ended by the runtime, so more than that is refused."
            ))
        var maxConnections: Int?
        @Option(
            name: .customLong("idle-timeout"),
            help: "Close a client connection idle this long (75s, 5m or seconds); a request in progress is never cut.")
        var idleTimeout = "75s"
        @OptionGroup var mail: MailOptions

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port \(port): expected 0…65535") }
            if let unixSocket {
                // sockaddr_un's path holds 107 bytes and a NUL.
                guard !unixSocket.isEmpty, unixSocket.utf8.count <= 107 else {
                    throw ValidationError("--unix-socket '\(unixSocket)': expected a path of 1 to 107 bytes")
                }
            }
            _ = try Duration.parseSeconds(tokenTTL)
            _ = try Duration.parseSeconds(idleTimeout)
            guard maxBody > 0 else { throw ValidationError("--max-body must be positive") }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level \(logLevel) is unknown")
            }
            guard (tlsCert == nil) == (tlsKey == nil) else {
                throw ValidationError("--tls-cert and --tls-key go together: give both to serve https, or neither")
            }
            guard rateLimit >= 0, rateBurst >= 1 else {
                throw ValidationError("--rate-limit must be 0 or more and --rate-burst at least 1")
            }
            guard addressLoginFailures >= 0 else { throw ValidationError("--login-failures-per-address must be ≥ 0") }
            if let maxConnections, maxConnections < 1 {
                throw ValidationError("--max-connections \(maxConnections): expected at least 1")
            }
            try mail.validate()
        }

        func run() async throws {
            LoggingSystem.bootstrap(DeferredMetadataLogHandler.standardError)
            var logger = Logger(label: "crm-server")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            // One descriptor per client connection: take all the hard limit allows.
            let limit = DescriptorLimit.raiseToHard()
            let connections = try connectionLimit(under: limit)
            if let limit {
                let held = connections.map { "; at most \($0) client connections" } ?? ""
                logger.notice("open-file limit \(limit.soft) (hard limit \(limit.hard))\(held)")
            }
            let tls = try loadTLS()
            let store = try await database.openStore(serving: true)
            let configuration = ServerConfiguration(
                host: host, port: port, unixSocket: unixSocket, tokenTTL: try Duration.parseSeconds(tokenTTL),
                maxBodyBytes: maxBody,
                addressLoginFailureLimit: addressLoginFailures, trustedProxies: Set(trustedProxies),
                requestRate: rateLimit, requestBurst: rateBurst, maxConnections: connections,
                idleTimeout: .milliseconds(Int64(try Duration.parseSeconds(idleTimeout) * 1000)))
            try await mail.start(store: store, logger: logger)
            let host = self.host
            let app = buildApplication(configuration: configuration, store: store, logger: logger, tls: tls) { bound in
                let address = configuration.unixSocket.map { "unix:\($0)" } ?? "\(host):\(bound)"
                FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
            }
            try await app.runService()
        }

        /// `--max-connections`, or the most `limit` allows; more than that is refused, since the
        /// process would be ended once its descriptors ran out (`ConnectionGate`).
        func connectionLimit(under limit: DescriptorLimit?) throws -> Int? {
            guard let limit else { return maxConnections }
            guard let maxConnections else { return limit.maximumConnections }
            guard maxConnections <= limit.maximumConnections else {
                throw ValidationError(
                    """
                    --max-connections \(maxConnections) is more than the open-file limit (\(limit.soft)) allows: \
                    at most \(limit.maximumConnections), keeping descriptors for the database, mail and the runtime. \
                    Raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit) or lower --max-connections.
                    """)
            }
            return maxConnections
        }

        /// The TLS files, checked before anything else starts; a bad one ends the process with its sysexits code.
        func loadTLS() throws -> ServerTLS? {
            guard let tlsCert, let tlsKey else { return nil }
            do {
                return try ServerTLS(certificateFile: tlsCert, keyFile: tlsKey)
            } catch {
                FileHandle.standardError.write(Data("crm-server: error: \(error)\n".utf8))
                throw ExitCode(error.exitCode)
            }
        }
    }
}

extension Duration {
    /// Parses `30d`, `12h`, `90m`, `45s` or a plain number of seconds.
    static func parseSeconds(_ text: String) throws -> TimeInterval {
        let units: [Character: Double] = ["d": 86400, "h": 3600, "m": 60, "s": 1]
        let (digits, unit) = text.last.flatMap { units[$0] }.map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard let value = Double(digits), value > 0, value * unit <= 3650 * 86400 else {
            throw ValidationError(
                "duration '\(text)': expected a positive number up to 10 years with d, h, m or s, like 30d")
        }
        return value * unit
    }
}
