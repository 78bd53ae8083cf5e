// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// The release `crm-server` next to crm-bench, on a free loopback port with a fresh SQLite log.
final class BenchServer {
    let process = Process()
    private(set) var url = ""
    let database: String
    let binary: URL

    init(folder: URL) throws {
        binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "crm-server")
        database = "sqlite:" + folder.appendingPathComponent("server.sqlite").path
        try admin(["tenant", "add", "bench"])
        try admin(
            ["user", "add", "--tenant", "bench", "--name", "bench", "--role", "manager", "--cost", "4"],
            input: "bench-secret\n")
        process.executableURL = binary
        process.arguments = ["serve", "--db", database, "--port", "0", "--log-level", "error"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !text.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = text.split(separator: "\n").first?.split(separator: ":").last else {
            throw BenchError("crm-server did not start: \(text)")
        }
        url = "http://127.0.0.1:\(port)"
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    private func admin(_ arguments: [String], input: String? = nil) throws {
        let admin = Process()
        admin.executableURL = binary
        admin.arguments = arguments + ["--db", database]
        let stdin = Pipe()
        admin.standardInput = stdin
        admin.standardOutput = FileHandle.nullDevice
        try admin.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        admin.waitUntilExit()
        guard admin.terminationStatus == 0 else {
            throw BenchError("crm-server \(arguments.prefix(2).joined(separator: " ")) failed")
        }
    }
}
