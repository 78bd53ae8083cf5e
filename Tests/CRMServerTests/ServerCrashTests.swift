// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Synchronization
import Testing

/// SYNC.md 2 scenarios 7 and 8 against the built binary: kill -9 in the middle of a stream of
/// pushes, restart, resend from the last acknowledgement; no acknowledged change is lost and
/// none is stored twice.
@Suite(.serialized) struct ServerCrashTests {
    static let batchSize = 20

    @Test func killDashNineMidStreamLosesAndDuplicatesNothingOnSQLite() async throws {
        try await killDashNineMidStreamLosesAndDuplicatesNothing(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func killDashNineMidStreamLosesAndDuplicatesNothingOnPostgreSQL() async throws {
        try await killDashNineMidStreamLosesAndDuplicatesNothing(backend: .postgres)
    }

    func killDashNineMidStreamLosesAndDuplicatesNothing(backend: Backend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await backend.freshDatabase(in: directory)
        try ServerProcess.addAcmeAndAnn(db: database)

        let device = UUID().uuidString.lowercased()
        let batches = (0..<40).map { Self.batch($0, device: device) }
        let first = try ServerProcess.start(db: database, log: directory.appendingPathComponent("1.log"))
        let session = try await Self.login(first, device: device)
        let acked = Mutex<Int64>(0)
        let pusher = Task {
            for batch in batches {
                let request = PushRequest(schemaVersion: 1, epoch: session.epoch, deviceID: device, changes: batch)
                guard
                    let (status, body) = try? await first.request(
                        .POST, "/v1/changes", token: session.token, body: request),
                    status == 200
                else { return }
                let ack = try WireCoding.decoder().decode(PushResponse.self, from: body)
                acked.withLock { $0 = ack.acceptedThrough }
            }
        }
        for _ in 0..<2000 where acked.withLock({ $0 }) < Int64(8 * Self.batchSize) {
            try await Task.sleep(for: .milliseconds(5))
        }
        first.kill9()
        try await pusher.value
        let ackedBeforeKill = acked.withLock { $0 }
        #expect(ackedBeforeKill >= Int64(8 * Self.batchSize), "the server acknowledged pushes before the kill")

        let second = try ServerProcess.start(db: database, log: directory.appendingPathComponent("2.log"))
        defer { second.stop() }
        let again = try await Self.login(second, device: device)
        #expect(again.epoch == session.epoch)
        // Resend from the last acknowledged batch on, as the client engine does after a failure.
        var acceptedThrough = ackedBeforeKill
        for batch in batches where batch.last?.deviceSeq ?? 0 > ackedBeforeKill {
            let request = PushRequest(schemaVersion: 1, epoch: again.epoch, deviceID: device, changes: batch)
            let (status, body) = try await second.request(.POST, "/v1/changes", token: again.token, body: request)
            #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")
            acceptedThrough = try WireCoding.decoder().decode(PushResponse.self, from: body).acceptedThrough
        }
        #expect(acceptedThrough == Int64(batches.count * Self.batchSize))

        let pulled = try await Self.pullAll(second, token: again.token)
        let ids = pulled.map(\.changeID)
        #expect(Set(ids).count == ids.count, "no change stored twice")
        #expect(Set(ids) == Set(batches.flatMap { $0.map(\.changeID) }), "no acknowledged change lost")
        #expect(pulled.compactMap(\.seq) == Array(1...Int64(pulled.count)), "no seq gaps")
        #expect(pulled.map(\.deviceSeq) == Array(1...Int64(pulled.count)))
    }

    static func batch(_ index: Int, device: String) -> [WireChange] {
        (1...batchSize).map { offset in
            let seq = Int64(index * batchSize + offset)
            return WireChange(
                changeID: RecordID.make().rawValue, deviceSeq: seq, txID: Int64(index * batchSize + 1),
                hlc: HLC(millis: Int64(Date().timeIntervalSince1970 * 1000) - 60_000, counter: UInt16(seq % 60000))
                    .wire(deviceID: device),
                baseHLC: nil, entity: "contact", entityID: RecordID.make().rawValue, op: .set, field: "notes",
                value: .string("note \(seq) " + String(repeating: "x", count: 200)))
        }
    }

    static func login(_ server: ServerProcess, device: String) async throws -> SessionResponse {
        let request = SessionRequest(
            tenant: "acme", user: "ann", password: "a long password", deviceID: device, deviceName: "crash")
        let (status, body) = try await server.request(.POST, "/v1/session", body: request)
        guard status == 200 else { throw ProcessFailure("login failed with \(status)") }
        return try WireCoding.decoder().decode(SessionResponse.self, from: body)
    }

    static func pullAll(_ server: ServerProcess, token: String) async throws -> [WireChange] {
        var cursor: Int64 = 0
        var changes: [WireChange] = []
        for _ in 0..<100 {
            let (status, body) = try await server.request(.GET, "/v1/changes?after=\(cursor)&limit=200", token: token)
            guard status == 200 else { throw ProcessFailure("pull failed with \(status)") }
            let page = try WireCoding.decoder().decode(PullResponse.self, from: body)
            changes += page.changes
            cursor = page.nextAfter
            if !page.hasMore { break }
        }
        return changes
    }
}
