// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import GRDB
import Testing

/// The real `crm-server` runs SQLite over the wrapped page cache and the WAL-buffering VFS
/// (`SQLiteProcessConfiguration`): its commits skip the cache walk, its WAL frames go out in few
/// writes, and what it stored is whole.
@Suite(.serialized) struct SQLitePageCacheServerTests {
    /// Commits skip the walk, and the log stays whole.
    ///
    /// 1,200 changes in 60 pushes, each its own commit, grow the log's table and indexes by page
    /// splits. The server reports skipped truncates in `/metrics`, every change pulls back once,
    /// and SQLite's integrity check passes on the file afterwards.
    @Test func commitsSkipTheWalkAndTheLogStaysWhole() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-pcache-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await Backend.sqlite.freshDatabase(in: directory)
        try ServerProcess.addAcmeAndAnn(db: database)
        let server = try ServerProcess.start(db: database, log: directory.appendingPathComponent("server.log"))
        var stopped = false
        defer { if !stopped { server.stop() } }
        let device = UUID().uuidString.lowercased()
        let session = try await ServerCrashTests.login(server, device: device)
        let batches = (0..<60).map { ServerCrashTests.batch($0, device: device) }
        for batch in batches {
            let request = PushRequest(schemaVersion: 1, epoch: session.epoch, deviceID: device, changes: batch)
            let (status, body) = try await server.request(.POST, "/v1/changes", token: session.token, body: request)
            try #require(status == 200, "\(String(decoding: body, as: UTF8.self))")
        }

        let (status, metrics) = try await server.request(.GET, "/metrics")
        #expect(status == 200)
        let text = String(decoding: metrics, as: UTF8.self)
        let skipped = Self.truncates(text, result: "skipped")
        #expect(
            (skipped ?? 0) >= 60,
            "each push's commit skips the walk; /metrics said \(skipped.map(String.init) ?? "nothing")")
        let gathered = Self.counter(text, "crm_sqlite_wal_writes_total{kind=\"gathered\"}") ?? 0
        let written = Self.counter(text, "crm_sqlite_wal_writes_total{kind=\"written\"}") ?? 0
        #expect(written >= 60 && gathered > 2 * written, "WAL writes: \(gathered) gathered into \(written)")

        let pulled = try await ServerCrashTests.pullAll(server, token: session.token)
        #expect(pulled.map(\.changeID) == batches.flatMap { $0.map(\.changeID) })
        #expect(pulled.compactMap(\.seq) == Array(1...Int64(batches.count * ServerCrashTests.batchSize)))
        server.stop()
        stopped = true

        let file = try DatabaseQueue(path: String(database.dropFirst("sqlite:".count)))
        let integrity = try await file.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
    }

    /// The value of `crm_sqlite_page_cache_truncates_total{result="…"}` in a `/metrics` text.
    static func truncates(_ text: String, result: String) -> Int? {
        counter(text, "crm_sqlite_page_cache_truncates_total{result=\"\(result)\"}")
    }

    /// The value of the sample `name` (with its labels) in a `/metrics` text.
    static func counter(_ text: String, _ name: String) -> Int? {
        let prefix = name + " "
        return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) }
    }
}
