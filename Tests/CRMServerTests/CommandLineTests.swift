// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Testing

/// The operator commands of the built `crm-server`, run as processes.
@Suite(.serialized) struct CommandLineTests {
    func exitCode(_ arguments: [String], stdin: String = "") throws -> Int32 {
        let process = Process()
        process.executableURL = try ServerProcess.binary()
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func tenantAndUserCommandsValidateTheirInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = "sqlite:" + directory.appendingPathComponent("s.sqlite").path
        let tenantID = try ServerProcess.run(["tenant", "add", "acme", "--db", db])
        #expect(UUID(uuidString: tenantID) != nil)
        #expect(try exitCode(["tenant", "add", "acme", "--db", db]) != 0, "a taken tenant name fails")
        let user = ["user", "add", "--tenant", "acme", "--name", "ann", "--cost", "4", "--db", db]
        #expect(try exitCode(user + ["--role", "boss"], stdin: "long enough\n") == 64)
        #expect(try exitCode(user + ["--role", "rep"], stdin: "short\n") == 64)
        #expect(
            try exitCode(
                ["user", "add", "--tenant", "nope", "--name", "x", "--role", "rep", "--db", db], stdin: "long enough\n")
                != 0)
        #expect(RecordID(try ServerProcess.run(user + ["--role", "rep"], stdin: "long enough\n")) != nil)
        #expect(try exitCode(user + ["--role", "rep"], stdin: "long enough\n") != 0, "a taken user name fails")
        #expect(try exitCode(["serve", "--db", "postgres://localhost/crm"]) == 64, "a URL without a user")
        #expect(try exitCode(["serve", "--db", "postgres://crm@localhost/"]) == 64, "a URL without a database")
        #expect(try exitCode(["serve", "--db", "postgres://crm@localhost/crm?sslmode=require"]) == 64)
        #expect(try exitCode(["serve", "--db", "mysql://crm@localhost/crm"]) == 64)
        #expect(try exitCode(["serve", "--db", db, "--token-ttl", "soon"]) == 64)
        #expect(try exitCode(["serve", "--db", db, "--token-ttl", "1e18d"]) == 64)
        #expect(try exitCode(["serve", "--db", db, "--pull-cache-rows", "-1"]) == 64)
    }

    @Test func tokenRevokeEndsLiveSessionsOverHTTPOnSQLite() async throws {
        try await tokenRevokeEndsLiveSessionsOverHTTP(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func tokenRevokeEndsLiveSessionsOverHTTPOnPostgreSQL() async throws {
        try await tokenRevokeEndsLiveSessionsOverHTTP(backend: .postgres)
    }

    func tokenRevokeEndsLiveSessionsOverHTTP(backend: Backend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try await backend.freshDatabase(in: directory)
        try ServerProcess.addAcmeAndAnn(db: db)
        let server = try ServerProcess.start(db: db, log: directory.appendingPathComponent("log"))
        defer { server.stop() }
        let device = UUID().uuidString.lowercased()
        let login = SessionRequest(
            tenant: "acme", user: "ann", password: "a long password", deviceID: device, deviceName: "cli")
        let (status, body) = try await server.request(.POST, "/v1/session", body: login)
        #expect(status == 200)
        let session = try WireCoding.decoder().decode(SessionResponse.self, from: body)
        func push(_ index: Int) -> PushRequest {
            PushRequest(
                schemaVersion: 1, epoch: session.epoch, deviceID: device,
                changes: ServerCrashTests.batch(index, device: device))
        }
        // Both a pull and a push first, so that a server keeping sessions keeps this one.
        #expect(try await server.request(.GET, "/v1/changes?after=0", token: session.token).0 == 200)
        #expect(try await server.request(.POST, "/v1/changes", token: session.token, body: push(0)).0 == 200)
        let count = try ServerProcess.run([
            "token", "revoke", "--tenant", "acme", "--user", "ann", "--db", db,
        ])
        #expect(count == "1")
        #expect(try await server.request(.GET, "/v1/changes?after=0", token: session.token).0 == 401)
        #expect(try await server.request(.POST, "/v1/changes", token: session.token, body: push(1)).0 == 401)
        #expect(try await server.request(.GET, "/healthz").0 == 200)
    }
}
