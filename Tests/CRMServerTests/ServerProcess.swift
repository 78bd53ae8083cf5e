// crm — a terminal-first CRM. Licensed under the MIT License.

import AsyncHTTPClient
import CRMSync
import Foundation
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `crm-server` binary, run as a real process on 127.0.0.1.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    /// The bound port; 0 on a Unix domain socket.
    let port: Int
    /// Where requests go: `http://127.0.0.1:PORT`, or AsyncHTTPClient's `http+unix://` with the
    /// socket's path percent-encoded as the host.
    let baseURL: String

    private init(process: Process, port: Int, baseURL: String) {
        self.process = process
        self.port = port
        self.baseURL = baseURL
    }

    /// The `crm-server` next to the test bundle (or `CRM_SERVER_BIN`).
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["CRM_SERVER_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "crm-server"),
            root.appendingPathComponent(".build/debug/crm-server"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ProcessFailure("crm-server binary not found in \(candidates.map(\.path)); run `swift build` first")
        }
        return found
    }

    /// Runs a one-shot subcommand and returns its stdout; fails on a non-zero exit.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProcessFailure("crm-server \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Adds tenant "acme" and its manager "ann" (password "a long password") with the CLI, as an
    /// admin sets up a server before starting it.
    static func addAcmeAndAnn(db: String) throws {
        try run(["tenant", "add", "acme", "--db", db])
        try run(
            ["user", "add", "--tenant", "acme", "--name", "ann", "--role", "manager", "--cost", "4", "--db", db],
            stdin: "a long password\n")
    }

    /// Starts `crm-server serve --db DB --port 0` and waits for its `listening on 127.0.0.1:PORT`
    /// line; with `unixSocket`, `--unix-socket PATH` and `listening on unix:PATH`; with
    /// `openFileLimit`, under that soft and hard `ulimit -n` (set by `/bin/sh`, then `exec`).
    static func start(
        db: String, log: URL, unixSocket: String? = nil, arguments: [String] = [], openFileLimit: Int? = nil
    ) throws -> ServerProcess {
        let process = Process()
        let address = unixSocket.map { ["--unix-socket", $0] } ?? ["--host", "127.0.0.1", "--port", "0"]
        let serve = ["serve", "--db", db] + address + arguments
        if let openFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", try binary().path] + serve
        } else {
            process.executableURL = try binary()
            process.arguments = serve
        }
        let output = Pipe()
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        var text = ""
        for _ in 0..<1000 where !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        if let unixSocket, line == "listening on unix:\(unixSocket)",
            let host = unixSocket.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        {
            return ServerProcess(process: process, port: 0, baseURL: "http+unix://\(host)")
        }
        guard unixSocket == nil, line.hasPrefix("listening on 127.0.0.1:"),
            let port = Int(line.split(separator: ":").last ?? "")
        else {
            process.terminate()
            throw ProcessFailure("crm-server did not report where it listens; stdout was '\(text)'")
        }
        return ServerProcess(process: process, port: port, baseURL: "http://127.0.0.1:\(port)")
    }

    /// kill -9: no shutdown, no flush beyond what SQLite already made durable.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// One HTTP request over loopback or the Unix domain socket; returns status and body.
    func request(
        _ method: HTTPMethod, _ path: String, token: String? = nil, body: (some Encodable)? = Optional<Int>.none,
        forwardedFor: String? = nil
    )
        async throws -> (Int, Data)
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        if let forwardedFor { request.headers.add(name: "X-Forwarded-For", value: forwardedFor) }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body { request.body = .bytes(ByteBuffer(bytes: try WireCoding.encoder().encode(body))) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
