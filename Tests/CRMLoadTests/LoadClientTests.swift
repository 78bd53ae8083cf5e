// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import crm_load

/// The load loop against a server that misbehaves: every unreadable, closed, refused or missing
/// answer is counted as an error of its request, and the run still ends on time.
@Suite struct LoadClientTests {
    @Test(
        .timeLimit(.minutes(1)),
        arguments: [
            (MisbehavingServer.Mode.garbage, "pull: malformed_answer"),
            (.close, "pull: connection_closed"),
            (.silence, "pull: timeout"),
            (.refusal, "pull: http_503_busy"),
            (.shortBody, "pull: connection_closed"),
        ])
    func aBadPullAnswerIsCountedAndTheRunEnds(mode: MisbehavingServer.Mode, kind: String) async throws {
        let server = try await MisbehavingServer.start(mode: mode)
        let plan = Self.plan(port: server.port)
        let started = ContinuousClock.now
        let outcome = try await LoadRun(plan: plan).drive(stats: LoadStats())
        await server.stop()
        #expect(outcome.loggedIn == 2)
        let errors = Dictionary(uniqueKeysWithValues: outcome.stats.errors.map { ($0.key, $0.count) })
        #expect((errors[kind] ?? 0) >= 2, "\(outcome.stats.errors)")
        #expect(errors.keys.allSatisfy { $0 == kind }, "\(outcome.stats.errors)")
        #expect(outcome.stats.count(.pull) == 0 && outcome.stats.count(.push) == 0)
        #expect(ContinuousClock.now - started < .seconds(10), "the run ends at its deadline plus a timeout")
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnreadableLoginIsCountedAndNobodySyncs() async throws {
        let server = try await MisbehavingServer.start(mode: .garbageLogin)
        let outcome = try await LoadRun(plan: Self.plan(port: server.port)).drive(stats: LoadStats())
        await server.stop()
        #expect(outcome.loggedIn == 0)
        #expect(outcome.stats.errors.map(\.key) == ["login: malformed_answer"])
        #expect(outcome.stats.errorCount == 2)
    }

    static func plan(port: Int) -> LoadPlan {
        var plan = LoadPlan()
        plan.port = port
        plan.clients = 2
        plan.interval = 0.5
        plan.duration = 1.5
        plan.requestTimeout = 0.5
        plan.password = "misbehaving-password"
        return plan
    }
}

/// A server that logs clients in properly and answers their pulls wrongly, on 127.0.0.1.
final class MisbehavingServer: Sendable {
    enum Mode: Sendable {
        /// Bytes that are not HTTP, to every pull.
        case garbage
        /// Closes the connection on every pull.
        case close
        /// Never answers a pull.
        case silence
        /// 503 with an error body.
        case refusal
        /// Promises a longer body than it sends, then closes.
        case shortBody
        /// Bytes that are not HTTP, to the login.
        case garbageLogin
    }

    let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    private init(port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup) {
        self.port = port
        self.channel = channel
        self.group = group
    }

    static func start(mode: Mode) async throws -> MisbehavingServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(MisbehavingHandler(mode: mode))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return MisbehavingServer(port: channel.localAddress?.port ?? 0, channel: channel, group: group)
    }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// Reads whole requests (head and `Content-Length` body) and answers them as its mode says.
private final class MisbehavingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let mode: MisbehavingServer.Mode
    private var received = ""

    init(mode: MisbehavingServer.Mode) { self.mode = mode }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += String(buffer: unwrapInboundIn(data))
        guard let end = received.range(of: "\r\n\r\n") else { return }
        let head = received[..<end.lowerBound]
        let length =
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        guard received[end.upperBound...].utf8.count >= length else { return }
        let login = head.hasPrefix("POST \(SyncAPI.sessionPath) ")
        received = ""
        answer(login: login, context: context)
    }

    private func answer(login: Bool, context: ChannelHandlerContext) {
        if login && mode != .garbageLogin {
            let session = SessionResponse(
                token: "t", expiresAt: 0, userID: "u", role: .manager, serverTime: 0, epoch: "e")
            let body = (try? JSONEncoder().encode(session)) ?? Data()
            write(
                "HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n" + String(decoding: body, as: UTF8.self),
                context)
            return
        }
        switch mode {
        case .garbage, .garbageLogin: write("HELLO THERE\r\n\r\n", context)
        case .close: context.close(promise: nil)
        case .silence: break
        case .refusal:
            let body = #"{"error":"busy","message":"try later"}"#
            write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)", context)
        case .shortBody:
            write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"rows\":", context)
            context.close(promise: nil)
        }
    }

    private func write(_ text: String, _ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
    }
}
