// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMMeasure
import Foundation
import NIOPosix

/// `crm-load latency`: push and pull latency and the server's CPU per request against a log
/// already holding `--head` changes (filled by `scripts/bench-log-size.sh`).
///
/// ```
/// crm-load latency --url http://127.0.0.1:8080 --tenant big --head 1000000 --server-pid 4242 --label sqlite
/// ```
/// One device, one request at a time: a push of three changes (a new contact and two of its fields),
/// a pull from the head (nothing new), and a pull from a cursor `--pages-back` pages of 1,000
/// behind the head (a full page). Each kind runs `--warmup` untimed requests, then `--requests`
/// timed ones; CPU is read from `/proc` for `--server-pid` (and `--postgres-pid` with its backends)
/// around the timed ones.
struct LatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency", abstract: "Time pushes and pulls against a filled log, with server CPU per request.")

    @Option(help: "The server on loopback.") var url = "http://127.0.0.1:8080"
    @Option(help: "The filled tenant.") var tenant = "big"
    @Option(help: "The user the device logs in as.") var user = "load"
    @Option(help: "The user's password; default: $CRM_LOAD_PASSWORD.") var password: String?
    @Option(help: "The tenant's last seq before the run (the fill's size).") var head: Int64
    @Option(help: "Timed requests of each kind.") var requests = 200
    @Option(help: "Untimed requests of each kind first.") var warmup = 20
    @Option(name: .customLong("pages-back"), help: "Pages of 1,000 behind the head the cursor pull starts.")
    var pagesBack: Int64 = 5
    @Option(name: .customLong("server-pid"), help: "crm-server's process, for its CPU time.") var serverPID: Int32?
    @Option(name: .customLong("postgres-pid"), help: "The PostgreSQL postmaster, counted with its backends.")
    var postgresPID: Int32?
    @Option(help: "The label of the result lines (store and size).") var label = "log"

    func run() async throws {
        guard let parsed = URL(string: url), let port = parsed.port, requests > 0, warmup >= 0 else {
            throw ValidationError("--url \(url): expected http://127.0.0.1:PORT, and --requests > 0")
        }
        let cpu = ProcessCPU(pids: serverPID.map { [$0] } ?? [], parents: postgresPID.map { [$0] } ?? [])
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { Task { try? await group.shutdownGracefully() } }
        do {
            let connection = try await HTTPConnection.connect(
                host: "127.0.0.1", port: port, group: group, timeout: .seconds(60))
            let device = NetworkDevice(index: 0, connection: connection, bodies: ByteCounter())
            let secret = password ?? ProcessInfo.processInfo.environment["CRM_LOAD_PASSWORD"] ?? ""
            try await device.login(tenant: tenant, user: user, password: secret)
            var run = LatencyRun(device: device, cpu: cpu, head: head)
            for line in try await run.all(requests: requests, warmup: warmup, pagesBack: pagesBack, label: label) {
                print(line)
            }
            await device.close()
        } catch {
            FileHandle.standardError.write(Data("crm-load latency: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// The timed requests of `crm-load latency`, kind by kind.
struct LatencyRun {
    let device: NetworkDevice
    let cpu: ProcessCPU
    /// The log's last seq: the fill's size, then plus what this run pushed.
    var head: Int64

    /// Each kind's result line; pulls first, so the head is the fill's.
    mutating func all(requests: Int, warmup: Int, pagesBack: Int64, label: String) async throws(LoadError)
        -> [String]
    {
        let head = self.head
        let back = max(0, head - pagesBack * 1000)
        let device = self.device
        let fromHead = try await measure(requests, warmup) { () async throws(LoadError) in
            let page = try await device.pullPage(after: head)
            guard page.changes == 0 else { throw .verificationFailed("a pull from the head returned changes") }
        }
        let fromBack = try await measure(requests, warmup) { () async throws(LoadError) in
            let page = try await device.pullPage(after: back)
            guard page.changes > 0 || head == 0 else { throw .verificationFailed("a pull from \(back) was empty") }
        }
        let pushes = try await measure(requests, warmup) { () async throws(LoadError) in
            let tx = device.nextSeq
            let id = RecordID.make().rawValue
            let create = device.change(
                tx: tx, entity: .contact, id: id, op: .create, field: nil,
                value: .object(["name": .string("latency \(tx)")]), base: nil)
            let title = device.change(
                tx: tx, entity: .contact, id: id, op: .set, field: "title", value: "Buyer", base: create.hlc)
            let notes = device.change(
                tx: tx, entity: .contact, id: id, op: .set, field: "notes", value: "met at the fair", base: create.hlc)
            try await device.push([create, title, notes])
        }
        self.head += Int64((requests + warmup) * 3)
        return [
            fromHead.line(label: label, kind: "pull-head"),
            fromBack.line(label: label, kind: "pull-back"),
            pushes.line(label: label, kind: "push"),
        ]
    }

    /// `warmup` untimed calls, then `count` timed ones with the server's CPU around them; each
    /// call's latency is its request's round trip, without the client's decoding (a debug
    /// crm-load decodes a page of 1,000 changes slower than the server writes it).
    func measure(_ count: Int, _ warmup: Int, _ call: () async throws(LoadError) -> Void) async throws(LoadError)
        -> LatencySample
    {
        for _ in 0..<warmup { try await call() }
        var milliseconds: [Double] = []
        let cpuBefore = cpu.seconds()
        for _ in 0..<count {
            try await call()
            milliseconds.append(device.lastRoundTrip.milliseconds)
        }
        return LatencySample(milliseconds: milliseconds, cpuSeconds: cpu.seconds() - cpuBefore)
    }
}

/// One kind's timings: their percentiles (`LatencySummary`, as every bench reports them) and the
/// server's CPU over them.
struct LatencySample {
    var summary: LatencySummary
    var cpuSeconds: Double

    init(milliseconds: [Double], cpuSeconds: Double) {
        summary = LatencySummary(milliseconds)
        self.cpuSeconds = cpuSeconds
    }

    /// `result LABEL KIND n=… p50_ms=… p99_ms=… cpu_ms=…`: one line the bench script tabulates.
    func line(label: String, kind: String) -> String {
        let cpu = cpuSeconds * 1000 / Double(max(summary.count, 1))
        return String(
            format: "result %@ %@ n=%d p50_ms=%.2f p99_ms=%.2f cpu_ms=%.3f", label, kind, summary.count, summary.p50,
            summary.p99, cpu)
    }
}
