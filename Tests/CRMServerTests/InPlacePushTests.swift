// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Testing

/// Pushes taken on the event loop and answered when their group committed.
///
/// `InPlacePush` and `InPlaceRequestHandler` against the real binary over raw sockets: the
/// router's answer, byte for byte; stored and answered in request order; every refusal left to the
/// router, with nothing written; counted against the token's bucket. The set-up is the pull's
/// (`InPlacePullTests`): its pusher's first push went to the router, which made the token's bucket
/// and kept its session.
@Suite(.serialized) struct InPlacePushTests {
    /// A push of `batch` by the set-up's pusher.
    static func push(_ setup: InPlacePullTests.Setup, _ batch: [WireChange], extra: String = "") throws -> Data {
        let push = PushRequest(
            schemaVersion: 1, epoch: setup.pusher.epoch, deviceID: setup.pusherDevice, changes: batch)
        return try Self.post(setup.pusher.token, body: WireCoding.encoder().encode(push), extra: extra)
    }

    static func post(_ token: String, body: Data, extra: String = "") -> Data {
        let head =
            "POST /v1/changes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\(extra)\r\n"
        return Data(head.utf8) + body
    }

    /// How many pushes the log says were answered in place.
    static func inPlacePushes(_ setup: InPlacePullTests.Setup) throws -> Int {
        try String(contentsOf: setup.log, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("in_place=true") && $0.contains("POST") }.count
    }

    /// The change ids the puller's pull finds, answered by the router on a connection of its own.
    static func stored(_ setup: InPlacePullTests.Setup) async throws -> [String] {
        let (status, body) = try await setup.server.request(
            .GET, "/v1/changes?after=0&limit=200", token: setup.puller.token)
        try #require(status == 200)
        return try WireCoding.decoder().decode(PullResponse.self, from: body).changes.map(\.changeID)
    }

    /// The set-up's batch sent again, to the router and then in place: the same answer.
    ///
    /// Once with `Connection: close`, which the router answers, then on a new connection, in
    /// place. The answers are the same bytes but for `Date`, `Connection` and `server_time`; a new
    /// batch is then stored and answered in place.
    @Test func anAnswerInPlaceIsTheRoutersAnswer() async throws {
        let setup = try await InPlacePullTests.setUp()
        defer { setup.stop() }
        try setup.client.send(Self.push(setup, setup.pushed, extra: "Connection: close\r\n"))
        let routed = try setup.client.readAnswer()
        #expect(try Self.inPlacePushes(setup) == 0)
        let client = try RawHTTPClient(port: setup.server.port)
        defer { client.close() }
        try client.send(Self.push(setup, setup.pushed))
        let inPlace = try client.readAnswer()
        #expect(try Self.inPlacePushes(setup) == 1)

        #expect(inPlace.status == 200 && routed.status == 200)
        let compared = { (answer: RawHTTPClient.Answer) in
            answer.headers.filter { !["Date", "Connection"].contains($0.name) }
        }
        #expect(compared(inPlace) == compared(routed))
        #expect(InPlacePullTests.maskingServerTime(inPlace.body) == InPlacePullTests.maskingServerTime(routed.body))
        let replayed = try WireCoding.decoder().decode(PushResponse.self, from: inPlace.body)
        #expect(replayed.acceptedThrough == Int64(ServerCrashTests.batchSize))

        let batch = ServerCrashTests.batch(1, device: setup.pusherDevice)
        try client.send(Self.push(setup, batch))
        let stored = try WireCoding.decoder().decode(PushResponse.self, from: client.readAnswer().body)
        #expect(stored.acceptedThrough == Int64(2 * ServerCrashTests.batchSize))
        #expect(stored.seqTo == Int64(2 * ServerCrashTests.batchSize))
        #expect(try Self.inPlacePushes(setup) == 2)
        #expect(try await Self.stored(setup) == (setup.pushed + batch).map(\.changeID))

        let (status, metrics) = try await setup.server.request(.GET, "/metrics")
        #expect(status == 200)
        let text = String(decoding: metrics, as: UTF8.self)
        let count = SQLitePageCacheServerTests.counter(
            text, "crm_http_requests_total{method=\"POST\",route=\"/v1/changes\",status=\"200\"}")
        #expect(count == 4, "both paths count under the route's labels")
        let pushed = SQLitePageCacheServerTests.counter(text, "crm_changes_pushed_total")
        #expect(pushed == 2 * ServerCrashTests.batchSize, "the stored changes counted once, on either path")
        let bodies = SQLitePageCacheServerTests.counter(text, "crm_push_bodies_total{encoding=\"identity\"}")
        #expect(bodies == 4)
    }

    /// Two pushes and a pull written at once on one connection: answered in that order, the
    /// pushes in place one after the other, the pull holding both.
    @Test func requestsWrittenBehindAPushWaitForItsAnswer() async throws {
        let setup = try await InPlacePullTests.setUp()
        defer { setup.stop() }
        _ = try setup.firstPull()
        let first = ServerCrashTests.batch(1, device: setup.pusherDevice)
        let second = ServerCrashTests.batch(2, device: setup.pusherDevice)
        try setup.client.send(
            Self.push(setup, first) + Self.push(setup, second) + Data(InPlacePullTests.pull(setup.puller.token).utf8))
        let answers = try (0..<3).map { _ in try setup.client.readAnswer() }
        #expect(answers.map(\.status) == [200, 200, 200])
        let through = try answers.prefix(2).map {
            try WireCoding.decoder().decode(PushResponse.self, from: $0.body).acceptedThrough
        }
        #expect(through == [2, 3].map { Int64($0 * ServerCrashTests.batchSize) })
        let page = try WireCoding.decoder().decode(PullResponse.self, from: answers[2].body)
        #expect(page.changes.map(\.changeID) == (setup.pushed + first + second).map(\.changeID))
        #expect(try Self.inPlacePushes(setup) == 2)
    }

    /// A body that comes in several reads is read whole before the push is taken.
    @Test func aBodyInSeveralPartsIsTakenWhole() async throws {
        let setup = try await InPlacePullTests.setUp()
        defer { setup.stop() }
        let request = try Self.push(setup, ServerCrashTests.batch(1, device: setup.pusherDevice))
        let cut = request.count - 300
        try setup.client.send(request.prefix(cut))
        try await Task.sleep(for: .milliseconds(100))
        try setup.client.send(request.dropFirst(cut))
        let answer = try setup.client.readAnswer()
        #expect(answer.status == 200)
        #expect(try Self.inPlacePushes(setup) == 1)
        #expect(try await Self.stored(setup).count == 2 * ServerCrashTests.batchSize)
    }

    /// A client that leaves right after writing its push, most often while the push waits for its
    /// batch or its group: the server goes on, and the push, sent again, is stored once.
    ///
    /// Whether the first was taken before the close was read is the scheduler's; either way a
    /// handler whose connection closed leaves its answer unwritten, and the changes are in the
    /// log once.
    @Test func aPushWhoseClientLeftLeavesTheServerWhole() async throws {
        let setup = try await InPlacePullTests.setUp()
        defer { setup.stop() }
        let batch = ServerCrashTests.batch(1, device: setup.pusherDevice)
        for _ in 0..<5 {
            let leaving = try RawHTTPClient(port: setup.server.port)
            try leaving.send(Self.push(setup, batch))
            leaving.close()
        }
        try setup.client.send(Self.push(setup, batch))
        let answer = try setup.client.readAnswer()
        #expect(answer.status == 200)
        let acknowledged = try WireCoding.decoder().decode(PushResponse.self, from: answer.body)
        #expect(acknowledged.acceptedThrough == Int64(2 * ServerCrashTests.batchSize))
        #expect(try await Self.stored(setup) == (setup.pushed + batch).map(\.changeID))
    }

    /// A push the store refuses after the loop took it (its session revoked by the CLI while the
    /// server kept it live) goes to the router, which answers 401; nothing of it is stored.
    @Test func aPushWhoseSessionEndedMeanwhileIsTheRouters401() async throws {
        let setup = try await InPlacePullTests.setUp()
        defer { setup.stop() }
        _ = try ServerProcess.run(
            ["token", "revoke", "--tenant", "acme", "--user", "ann", "--device", setup.pusherDevice, "--db", setup.db])
        try setup.client.send(Self.push(setup, ServerCrashTests.batch(1, device: setup.pusherDevice)))
        let answer = try setup.client.readAnswer()
        #expect(answer.status == 401)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("revoked"))
        #expect(try Self.inPlacePushes(setup) == 0)
        #expect(try await Self.stored(setup) == setup.pushed.map(\.changeID))
    }

    /// A body past `--max-body` (four batches; the set-up's one fits) and a body that is not JSON go to the router: 413 and 400, the
    /// first without the loop holding more than the limit.
    @Test func aPushTooLargeOrMalformedIsTheRouters() async throws {
        let setup = try await InPlacePullTests.setUp(["--max-body", "16000"])
        defer { setup.stop() }
        let large = (1...4).flatMap { ServerCrashTests.batch($0, device: setup.pusherDevice) }
        let tooLarge = try Self.push(setup, large)
        try #require(tooLarge.count > 16000)
        try setup.client.send(tooLarge)
        #expect(try setup.client.readAnswer().status == 413)
        let client = try RawHTTPClient(port: setup.server.port)
        defer { client.close() }
        try client.send(Self.post(setup.pusher.token, body: Data("{\"changes\": [".utf8)))
        let malformed = try client.readAnswer()
        #expect(malformed.status == 400)
        #expect(try Self.inPlacePushes(setup) == 0)
        #expect(try await Self.stored(setup) == setup.pushed.map(\.changeID))
    }

    /// Pushes taken in place take from the token's bucket: with a burst of 3, the set-up's push
    /// and two in place pass, the fourth is 429.
    @Test func inPlacePushesTakeFromTheTokensBucket() async throws {
        let setup = try await InPlacePullTests.setUp(["--rate-limit", "0.01", "--rate-burst", "3"])
        defer { setup.stop() }
        var statuses: [Int] = []
        for index in 1...3 {
            try setup.client.send(Self.push(setup, ServerCrashTests.batch(index, device: setup.pusherDevice)))
            statuses.append(try setup.client.readAnswer().status)
        }
        #expect(statuses == [200, 200, 429])
        #expect(try Self.inPlacePushes(setup) == 2)
    }
}
