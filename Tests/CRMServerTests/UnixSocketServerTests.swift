// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Testing

/// `crm-server serve --unix-socket PATH`, as nginx on the same host reaches it (`server unix:PATH`):
/// the real binary, a real socket file, requests through it.
@Suite struct UnixSocketServerTests {
    /// A folder for the log and the socket, with acme's manager ann in the log.
    static func setUp() throws -> (directory: URL, db: String, socket: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-sock-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = "sqlite:" + directory.appendingPathComponent("log.sqlite").path
        try ServerProcess.addAcmeAndAnn(db: db)
        return (directory, db, directory.appendingPathComponent("crm.sock").path)
    }

    /// One device pushes through the socket and another pulls its changes back.
    @Test func aChangePushedThroughTheSocketIsPulledByAnotherDevice() async throws {
        let (directory, db, socket) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess.start(db: db, log: directory.appendingPathComponent("log"), unixSocket: socket)
        defer { server.stop() }
        let laptop = UUID().uuidString.lowercased()
        let phone = UUID().uuidString.lowercased()
        let pusher = try await ServerCrashTests.login(server, device: laptop)
        let puller = try await ServerCrashTests.login(server, device: phone)
        let push = PushRequest(
            schemaVersion: 1, epoch: pusher.epoch, deviceID: laptop, changes: ServerCrashTests.batch(0, device: laptop))
        #expect(try await server.request(.POST, "/v1/changes", token: pusher.token, body: push).0 == 200)
        let (status, body) = try await server.request(.GET, "/v1/changes?after=0", token: puller.token)
        #expect(status == 200)
        let page = try WireCoding.decoder().decode(PullResponse.self, from: body)
        #expect(Set(page.changes.map(\.changeID)) == Set(push.changes.map(\.changeID)))
    }

    /// Every peer on the socket is `unix`: trusted, the address nginx forwards is the one failed
    /// logins count against; not trusted, all of them share the socket's one count.
    @Test(arguments: [true, false])
    func failedLoginsCountAgainstTheForwardedAddressOnlyWhenTheSocketIsTrusted(trusted: Bool) async throws {
        let (directory, db, socket) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--login-failures-per-address", "2"] + (trusted ? ["--trusted-proxy", "unix"] : [])
        let server = try ServerProcess.start(
            db: db, log: directory.appendingPathComponent("log"), unixSocket: socket, arguments: arguments)
        defer { server.stop() }
        func fail(from address: String) async throws -> Int {
            let login = SessionRequest(
                tenant: "acme", user: "ann", password: "not the password", deviceID: UUID().uuidString,
                deviceName: "d")
            return try await server.request(.POST, "/v1/session", body: login, forwardedFor: address).0
        }
        #expect(try await fail(from: "203.0.113.1") == 401)
        #expect(try await fail(from: "203.0.113.1") == 401)
        #expect(try await fail(from: "203.0.113.1") == 429)
        #expect(try await fail(from: "203.0.113.2") == (trusted ? 401 : 429))
    }
}
