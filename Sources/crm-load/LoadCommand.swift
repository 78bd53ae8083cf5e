// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import CRMSync
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
    @Option(
        help: "Processes the clients are spread over (disjoint tenants each); 0: enough for the open-file limit.")
    var processes = 0
    @Option(help: ArgumentHelp("Run only shard K of --processes (set by the coordinator).", visibility: .hidden))
    var shard: Int?
    @Option(help: "keep: one connection per client for the whole run; per-sync: a new connection for each sync.")
    var connection = "keep"
    @Flag(
        inversion: .prefixedNo,
        help: "Bodies gzip-compressed both ways, as `crm sync` sends them (--no-gzip: plain JSON).")
    var gzip = true
    @Option(
        name: .customLong("gzip-min-bytes"),
        help: ArgumentHelp(
            "Push bodies of fewer bytes go plain (default: `crm sync`'s rule, CompressionPolicy), to measure another rule.",
            visibility: .hidden))
    var gzipMinBytes = CompressionPolicy.minimumBytes
    @Option(
        help: ArgumentHelp(
            "The Accept-Encoding of every request (default: `crm sync`'s, zstd then gzip); 'gzip' measures gzip answers.",
            valueName: "codings"))
    var acceptEncoding = ContentCoding.acceptHeader
    @Flag(
        help: ArgumentHelp(
            "Send GET /healthz in place of each pull and push: the mix's floor, nothing synced.",
            discussion: "The same devices, connections, headers and pacing with no sync work: what the "
                + "framework, a front, the kernel and crm-load itself cost for the run's arrival pattern."))
    var floor = false

    func validate() throws {
        _ = try plan()
        guard ["keep", "per-sync"].contains(connection) else {
            throw ValidationError("--connection \(connection): expected keep or per-sync")
        }
        guard processes >= 0 else { throw ValidationError("--processes must be 0 (automatic) or more") }
        if let shard, !(0..<max(processes, 1)).contains(shard) {
            throw ValidationError("--shard \(shard) is not one of --processes \(processes)")
        }
    }

    func run() async throws {
        let limit = DescriptorLimit.raiseToHard()
        let plan = try plan()
        if let shard {
            try await runShard(plan.shards(max(processes, 1))[shard], index: shard)
            return
        }
        let count = processes > 0 ? processes : Self.processesNeeded(clients: plan.clients, limit: limit)
        let progress: @Sendable (String) -> Void = { message in
            FileHandle.standardError.write(Data("crm-load: \(message)\n".utf8))
        }
        if let limit { progress("open-file limit \(limit.soft) (hard \(limit.hard)) per process") }
        let outcome: LoadRun.Outcome
        if count > 1 {
            let arguments = Self.argumentsWithoutProcesses(Array(CommandLine.arguments.dropFirst()))
            outcome = try await ShardCoordinator(plan: plan, processes: count, childArguments: arguments)
                .run(progress: progress)
        } else {
            outcome = try await LoadRun(plan: plan).run(progress: progress)
        }
        for line in LoadReport(plan: plan, outcome: outcome).lines { print(line) }
        if !outcome.verified { throw ExitCode.failure }
    }

    /// One shard, as a child of `ShardCoordinator`: `ready N` after the logins, then waits for
    /// `go`, and prints one `result` line at the end instead of the report.
    func runShard(_ plan: LoadPlan, index: Int) async throws {
        var run = LoadRun(plan: plan)
        run.beforeSync = { loggedIn in
            FileHandle.standardOutput.write(Data("ready \(loggedIn)\n".utf8))
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    _ = readLine()
                    continuation.resume()
                }
            }
        }
        let outcome = try await run.run { message in
            FileHandle.standardError.write(Data("crm-load[\(index)]: \(message)\n".utf8))
        }
        FileHandle.standardOutput.write(Data((try ShardResult(outcome).line() + "\n").utf8))
    }

    /// Processes so that each holds at most `soft − 1,000` client connections (the rest is kept
    /// for the verification's connections, files and the runtime).
    static func processesNeeded(clients: Int, limit: DescriptorLimit?) -> Int {
        guard let limit, limit.soft > 2000 else { return 1 }
        let perProcess = Int(min(limit.soft - 1000, 1_000_000))
        return max(1, (clients + perProcess - 1) / perProcess)
    }

    /// The command line minus any `--processes N` or `--processes=N`, for the children.
    static func argumentsWithoutProcesses(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext {
                skipNext = false
            } else if argument == "--processes" {
                skipNext = true
            } else if !argument.hasPrefix("--processes=") {
                result.append(argument)
            }
        }
        return result
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
        plan.connectionPerSync = connection == "per-sync"
        plan.gzip = gzip
        plan.gzipMinimum = gzipMinBytes
        plan.acceptEncoding = acceptEncoding
        plan.floor = floor
        do { try plan.validate() } catch { throw ValidationError(error.description) }
        return plan
    }
}
