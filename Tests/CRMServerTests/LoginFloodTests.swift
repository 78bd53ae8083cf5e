// crm — a terminal-first CRM. Licensed under the MIT License.

import AsyncHTTPClient
import CRMSync
import Foundation
import NIOCore
import Testing

/// The memory amplification: 50 concurrent 64 KiB gzip login bodies, each inflating to
/// 63 MiB, sent with no credentials to a real crm-server; its peak RSS stays under 100 MB.
@Suite struct LoginFloodTests {
    /// The process's peak resident set (VmHWM), in bytes, from /proc.
    static func peakRSS(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { throw ProcessFailure("no VmHWM in /proc/\(pid)/status") }
        return kib * 1024
    }

    @Test func fiftyGzipBombsLeaveTheServerSmall() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-flood-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = "sqlite:" + directory.appendingPathComponent("log.sqlite").path
        try ServerProcess.run(["tenant", "add", "acme", "--db", database])
        let server = try ServerProcess.start(db: database, log: directory.appendingPathComponent("log"))
        defer { server.stop() }
        let bomb = try Gzip.compress(ByteBuffer(repeating: UInt8(ascii: " "), count: 63 << 20))
        #expect(bomb.readableBytes > 60 * 1024 && bomb.readableBytes < 70 * 1024)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/session")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Content-Encoding", value: "gzip")
                    request.body = .bytes(bomb)
                    // The server may answer 413 and close before reading the rest: that is a refusal too.
                    guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(60)) else {
                        return 0
                    }
                    _ = try? await response.body.collect(upTo: 1 << 20)
                    return Int(response.status.code)
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 413 || $0 == 0 }, "\(statuses)")
        #expect(statuses.contains(413))
        let (health, _) = try await server.request(.GET, "/healthz")
        #expect(health == 200)
        let peak = try Self.peakRSS(server.process.processIdentifier)
        #expect(peak < 100_000_000, "peak RSS \(peak / 1_048_576) MiB")
    }
}
