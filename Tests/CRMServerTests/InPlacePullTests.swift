// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Testing

/// Pulls answered on the event loop (`InPlacePull`, `InPlaceRequestHandler`), against the real
/// binary over raw sockets: the same bytes as the router's answer, in request order behind a
/// request the router answers, closed when asked, and counted against the token's bucket.
@Suite(.serialized) struct InPlacePullTests {
    /// A server on a fresh log with acme's manager ann, logging at `debug` (each in-place answer
    /// logs `in_place=true`); a pusher's 20 changes stored, and a second device logged in.
    struct Setup {
        var directory: URL
        /// The server's `--db`.
        var db: String
        var server: ServerProcess
        var log: URL
        var pusher: SessionResponse
        var pusherDevice: String
        var puller: SessionResponse
        var pushed: [WireChange]
        /// A raw connection to the server.
        var client: RawHTTPClient

        func stop() {
            client.close()
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }

        /// How many answers the log says were written in place.
        func inPlaceAnswers() throws -> Int {
            try String(contentsOf: log, encoding: .utf8).components(separatedBy: "in_place=true").count - 1
        }

        /// The puller's first pull, which the router answers and which makes its token's bucket.
        func firstPull() throws -> RawHTTPClient.Answer {
            try client.send(InPlacePullTests.pull(puller.token))
            return try client.readAnswer()
        }
    }

    static func setUp(_ arguments: [String] = []) async throws -> Setup {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-inplace-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = "sqlite:" + directory.appendingPathComponent("log.sqlite").path
        try ServerProcess.addAcmeAndAnn(db: db)
        let log = directory.appendingPathComponent("server.log")
        let server = try ServerProcess.start(db: db, log: log, arguments: ["--log-level", "debug"] + arguments)
        let device = UUID().uuidString.lowercased()
        let pusher = try await ServerCrashTests.login(server, device: device)
        let puller = try await ServerCrashTests.login(server, device: UUID().uuidString.lowercased())
        let batch = ServerCrashTests.batch(0, device: device)
        let push = PushRequest(schemaVersion: 1, epoch: pusher.epoch, deviceID: device, changes: batch)
        let (status, _) = try await server.request(.POST, "/v1/changes", token: pusher.token, body: push)
        try #require(status == 200)
        return Setup(
            directory: directory, db: db, server: server, log: log, pusher: pusher, pusherDevice: device,
            puller: puller,
            pushed: batch, client: try RawHTTPClient(port: server.port))
    }

    static func pull(_ token: String, _ extra: String = "") -> String {
        "GET /v1/changes?after=0&limit=200 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n\(extra)\r\n"
    }

    /// A pull answered in place is the router's answer, byte for byte.
    ///
    /// A token's first pull has no bucket yet and goes to the router; its second is answered in
    /// place. The two answers are the same bytes but for the `Date` header and `server_time`.
    @Test func anAnswerInPlaceIsTheRoutersAnswer() async throws {
        let setup = try await Self.setUp()
        defer { setup.stop() }
        let client = setup.client
        let routed = try setup.firstPull()
        #expect(try setup.inPlaceAnswers() == 0)
        try client.send(Self.pull(setup.puller.token))
        let inPlace = try client.readAnswer()
        #expect(try setup.inPlaceAnswers() == 1)

        #expect(inPlace.status == 200)
        #expect(inPlace.headers.map(\.name) == routed.headers.map(\.name))
        #expect(inPlace.headers.filter { $0.name != "Date" } == routed.headers.filter { $0.name != "Date" })
        let date = try #require(inPlace.header("Date"))
        #expect(date.hasSuffix(" GMT") && date.count == "Sun, 06 Nov 1994 08:49:37 GMT".count, "\(date)")
        #expect(Self.maskingServerTime(inPlace.body) == Self.maskingServerTime(routed.body))
        let page = try WireCoding.decoder().decode(PullResponse.self, from: inPlace.body)
        #expect(page.changes.map(\.changeID) == setup.pushed.map(\.changeID))

        // Compressed as the router compresses: zstd when asked, the same header.
        try client.send(Self.pull(setup.puller.token, "Accept-Encoding: zstd\r\n"))
        let compressed = try client.readAnswer()
        #expect(compressed.header("Content-Encoding") == "zstd")
        #expect(try setup.inPlaceAnswers() == 2)

        let (status, metrics) = try await setup.server.request(.GET, "/metrics")
        #expect(status == 200)
        let count = SQLitePageCacheServerTests.counter(
            String(decoding: metrics, as: UTF8.self),
            "crm_http_requests_total{method=\"GET\",route=\"/v1/changes\",status=\"200\"}")
        #expect(count == 3, "both paths count under the route's labels")
    }

    /// A pull sent on the same connection right behind a push waits for the push's answer: it is
    /// answered second, and its page holds what the push stored.
    @Test func aPullPipelinedBehindAPushIsAnsweredAfterIt() async throws {
        let setup = try await Self.setUp()
        defer { setup.stop() }
        let client = setup.client
        _ = try setup.firstPull()

        let batch = ServerCrashTests.batch(1, device: setup.pusherDevice)
        let push = PushRequest(
            schemaVersion: 1, epoch: setup.pusher.epoch, deviceID: setup.pusherDevice, changes: batch)
        let body = try WireCoding.encoder().encode(push)
        let pushHead =
            "POST /v1/changes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(setup.pusher.token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        try client.send(Data(pushHead.utf8) + body + Data(Self.pull(setup.puller.token).utf8))
        let first = try client.readAnswer()
        let second = try client.readAnswer()
        #expect(first.status == 200)
        let acknowledged = try WireCoding.decoder().decode(PushResponse.self, from: first.body)
        #expect(acknowledged.acceptedThrough == Int64(2 * ServerCrashTests.batchSize))
        let page = try WireCoding.decoder().decode(PullResponse.self, from: second.body)
        #expect(page.changes.map(\.changeID) == (setup.pushed + batch).map(\.changeID))
    }

    /// A pull asking to close the connection goes to the router, which answers and then closes.
    @Test func aPullAskingToCloseIsAnsweredByTheRouterThenClosed() async throws {
        let setup = try await Self.setUp()
        defer { setup.stop() }
        let client = setup.client
        _ = try setup.firstPull()
        try client.send(Self.pull(setup.puller.token, "Connection: close\r\n"))
        #expect(try client.readAnswer().status == 200)
        #expect(try setup.inPlaceAnswers() == 0)
        #expect(try client.readsEndOfStream(), "the server closed the connection after its answer")
    }

    /// Pulls answered in place take from the token's bucket: with a burst of 3 the fourth is 429.
    @Test func inPlacePullsTakeFromTheTokensBucket() async throws {
        let setup = try await Self.setUp(["--rate-limit", "0.01", "--rate-burst", "3"])
        defer { setup.stop() }
        let client = setup.client
        var statuses: [Int] = []
        for _ in 0..<4 {
            try client.send(Self.pull(setup.puller.token))
            statuses.append(try client.readAnswer().status)
        }
        #expect(statuses == [200, 200, 200, 429])
        #expect(try setup.inPlaceAnswers() == 2)
    }

    static func maskingServerTime(_ body: Data) -> String {
        String(decoding: body, as: UTF8.self).replacing(/"server_time":\d+/, with: "\"server_time\":0")
    }
}
