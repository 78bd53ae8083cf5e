// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers one message over SMTP (RFC 5321) on swift-nio: EHLO, STARTTLS (swift-nio-ssl) when the
/// server offers it or the configuration requires it, AUTH PLAIN or LOGIN, MAIL/RCPT/DATA, QUIT.
///
/// `beforeCommit` runs after the server accepted every command but before the message's final
/// `.` line is sent: the last moment at which nothing was delivered. The outbox records `sending`
/// there, so a crash after it leaves an entry that is known to be in doubt (at most once).
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration

    public init(configuration: SMTPConfiguration) { self.configuration = configuration }

    /// Sends `message` to `recipient`.
    ///
    /// Returns the server's reply to the final `.` line, such as `queued as X`.
    public func send(
        _ message: [UInt8], to recipient: String, beforeCommit: @Sendable () async throws -> Void
    ) async throws -> String {
        let config = configuration
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: config.host, port: config.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.connect(host: config.host, port: config.port, reason: "\(error)")
        }
        let connection = channel.channel
        let watchdog = connection.eventLoop.scheduleTask(in: .seconds(60)) { connection.close(promise: nil) }
        defer { watchdog.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(lines: SMTPLineReader(inbound.makeAsyncIterator()), outbound: outbound)
            try await session.expect(220, after: "connecting")
            var extensions = try await session.command("EHLO \(Self.helloName)", expect: 250)
            if config.tls != .none {
                let offered = extensions.contains { $0.uppercased().hasPrefix("STARTTLS") }
                if !offered, config.tls == .required { throw SMTPError.tlsNotOffered(host: config.host) }
                if offered {
                    _ = try await session.command("STARTTLS", expect: 220)
                    try await Self.startTLS(on: channel.channel, config: config)
                    extensions = try await session.command("EHLO \(Self.helloName)", expect: 250)
                }
            }
            if let user = config.user {
                try await Self.authenticate(&session, extensions: extensions, user: user, config: config)
            }
            _ = try await session.command("MAIL FROM:<\(config.fromAddress)>", expect: 250)
            _ = try await session.command("RCPT TO:<\(recipient)>", expect: 250, 251)
            _ = try await session.command("DATA", expect: 354)
            try await session.write(Self.dotStuffed(message))
            try await beforeCommit()
            try await session.write(Array(".\r\n".utf8))
            let accepted = try await session.expect(250, after: "the message's final '.'")
            _ = try? await session.command("QUIT", expect: 221)
            return accepted.joined(separator: " ")
        }
    }

    static let helloName = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName

    private static func authenticate(
        _ session: inout SMTPSession, extensions: [String], user: String, config: SMTPConfiguration
    ) async throws {
        let auth = extensions.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased().split(separator: " ") ?? []
        let password = config.password ?? ""
        if auth.contains("PLAIN") {
            let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            _ = try await session.command("AUTH PLAIN \(token)", expect: 235, redacted: "AUTH PLAIN")
        } else if auth.contains("LOGIN") {
            _ = try await session.command("AUTH LOGIN", expect: 334)
            _ = try await session.command(Data(user.utf8).base64EncodedString(), expect: 334, redacted: "the user name")
            _ = try await session.command(
                Data(password.utf8).base64EncodedString(), expect: 235, redacted: "the password")
        } else {
            throw SMTPError.authNotOffered(host: config.host)
        }
    }

    private static func startTLS(on channel: any Channel, config: SMTPConfiguration) async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = config.caFile {
            tls.trustRoots = .file(caFile)
        }
        let context = try NIOSSLContext(configuration: tls)
        let host = config.host
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(
                context: context, serverHostname: host.first?.isNumber == true ? nil : host)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// CRLF line ends and `.` doubled at the start of a line (RFC 5321 4.5.2).
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(message.count + 64)
        var lineStart = true
        for byte in message {
            if lineStart, byte == 0x2E { result.append(0x2E) }
            if byte == 0x0A, result.last != 0x0D { result.append(0x0D) }
            result.append(byte)
            lineStart = byte == 0x0A
        }
        if !lineStart { result += [0x0D, 0x0A] }
        return result
    }
}
