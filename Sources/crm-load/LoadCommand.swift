// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import Foundation

/// `crm-load run`: N simulated devices syncing against a running crm-server, then a log verification.
///
/// ```
/// crm-load run --url http://127.0.0.1:8080 --clients 24000 --tenants 1200 --interval 10 --duration 120
/// ```
/// The password is read from `CRM_LOAD_PASSWORD` (or `--password`). Exit 0 when the verification
/// passed, 1 when it found lost, duplicated or unexpected changes or diverging devices.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run simulated clients, then verify the server's log.")

    @Option(help: "The server (or proxy) on loopback.") var url = "http://127.0.0.1:8080"
    @Option(help: "Simulated clients, each its own connection, token and device.") var clients = 20
    @Option(help: "Seconds between two syncs of a client.") var interval: Double = 10
    @Option(help: "Seconds the sync phase lasts.") var duration: Double = 60
    @Option(help: "Tenant name (with --tenants N > 1: NAME-0 … NAME-(N-1)).") var tenant = "load"
    @Option(help: "Tenants the clients are spread over.") var tenants = 1
    @Option(help: "The user every client logs in as (one device each).") var user = "load"
    @Option(help: "The user's password; default: $CRM_LOAD_PASSWORD.") var password: String?
    @Option(help: "Edits per push, as MIN-MAX.") var edits = "1-5"
    @Option(help: "Seconds before a request counts as a timeout.") var timeout: Double = 30
    @Option(name: .customLong("login-concurrency"), help: "Logins in flight at once.") var loginConcurrency = 64
    @Option(name: .customLong("event-loops"), help: "NIO event loop threads for all connections.") var eventLoops = 1
    @Option(name: .customLong("convergence-sample"), help: "Tenants checked by three fresh devices.")
    var convergenceSample = 3

    func validate() throws {
        _ = try plan()
    }

    func run() async throws {
        let plan = try plan()
        let outcome = try await LoadRun(plan: plan).run { message in
            FileHandle.standardError.write(Data("crm-load: \(message)\n".utf8))
        }
        for line in LoadReport(plan: plan, outcome: outcome).lines { print(line) }
        if !outcome.verified { throw ExitCode.failure }
    }

    /// The options as a checked plan.
    func plan() throws -> LoadPlan {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host, let port = parsed.port
        else { throw ValidationError("--url \(url): expected http://127.0.0.1:PORT") }
        let bounds = edits.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else {
            throw ValidationError("--edits \(edits): expected MIN-MAX like 1-5")
        }
        var plan = LoadPlan()
        plan.host = host
        plan.port = port
        plan.clients = clients
        plan.interval = interval
        plan.duration = duration
        plan.tenant = tenant
        plan.tenants = tenants
        plan.user = user
        plan.password = password ?? ProcessInfo.processInfo.environment["CRM_LOAD_PASSWORD"] ?? ""
        plan.edits = bounds[0]...bounds[1]
        plan.requestTimeout = timeout
        plan.loginConcurrency = loginConcurrency
        plan.eventLoops = eventLoops
        plan.convergenceSample = convergenceSample
        do { try plan.validate() } catch { throw ValidationError(error.description) }
        return plan
    }
}
