// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A real `crm-server` on 127.0.0.1 with a temporary SQLite log, stopped when released.
final class ServerProcess: @unchecked Sendable {
    let folder: URL
    let database: String
    private(set) var port = 0
    private(set) var smtpPort = 0
    private(set) var scheme = "http"
    private var process: Process?

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = "sqlite:" + folder.appendingPathComponent("log.sqlite").path
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    var url: String { "\(scheme)://127.0.0.1:\(port)" }

    static var binary: URL { CLI.binary.deletingLastPathComponent().appendingPathComponent("crm-server") }

    /// Runs an admin command (`tenant add`, `user add`) against the log database.
    @discardableResult
    func admin(_ arguments: [String], input: String? = nil) throws -> CLI.Result {
        let cli = try CLI()
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--db", database]
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        _ = cli
        return CLI.Result(
            code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Creates a tenant and users (password = name + "-secret"), each with a role.
    func provision(tenant: String, users: [(String, String)]) throws {
        #expect(try admin(["tenant", "add", tenant]).code == 0)
        for (name, role) in users {
            let result = try admin(
                ["user", "add", "--tenant", tenant, "--name", name, "--role", role, "--cost", "4"],
                input: "\(name)-secret\n")
            #expect(result.code == 0, "\(result.stderr)")
        }
    }

    /// Runs `crm-server ARGS --db DB` that is expected to exit (a refused `serve`), killing it after 30 s.
    func runToExit(_ arguments: [String]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--db", database]
        let out = folder.appendingPathComponent("run-\(UUID().uuidString).out")
        let err = folder.appendingPathComponent("run-\(UUID().uuidString).err")
        for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return CLI.Result(
            code: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// Starts `serve --port 0` and waits (bounded) for its `listening on` line.
    ///
    /// It serves https with `tls` (certificate and key files). `arguments` go to `serve` as well
    /// (`--smtp-port 0 --mail-address ...` starts the SMTP listener, whose port is then `smtpPort`).
    func start(port requested: Int = 0, tls: (certificate: String, key: String)? = nil, arguments: [String] = [])
        throws
    {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments =
            [
                "serve", "--db", database, "--host", "127.0.0.1", "--port", String(requested), "--log-level", "error",
            ] + (tls.map { ["--tls-cert", $0.certificate, "--tls-key", $0.key] } ?? []) + arguments
        scheme = tls == nil ? "http" : "https"
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let reader = out.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        // The SMTP listener's line comes first; the HTTP listener's line comes last.
        func complete() -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
        while Date() < deadline, !complete().contains(where: { $0.hasPrefix("listening on") }) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = complete()
        guard let line = lines.first(where: { $0.hasPrefix("listening on") }),
            let port = Int(line.split(separator: ":").last ?? "")
        else { throw ServerError.didNotStart(text) }
        self.port = port
        smtpPort =
            lines.first { $0.hasPrefix("smtp listening on") }.flatMap { Int($0.split(separator: ":").last ?? "") }
            ?? 0
    }

    /// Stops the server with SIGKILL (no graceful shutdown: what a crash looks like).
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    enum ServerError: Error {
        case didNotStart(String)
    }
}
