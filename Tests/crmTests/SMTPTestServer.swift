// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A real SMTP server (Python's aiosmtpd, scripts/smtp-test-server.py) on 127.0.0.1, started and
/// stopped by PID; it writes every accepted message to `spool/new/`.
///
/// `make test` installs aiosmtpd in `.build/mail-venv` (`make mail-venv`); without it the tests
/// that need it are disabled with that reason.
final class SMTPTestServer: @unchecked Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = root.appendingPathComponent(".build/mail-venv/bin/python").path
    static let script = root.appendingPathComponent("scripts/smtp-test-server.py").path
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: python)
            && (try? Process.run(URL(fileURLWithPath: python), arguments: ["-c", "import aiosmtpd"]))
                .map { process in
                    process.waitUntilExit()
                    return process.terminationStatus == 0
                } ?? false
    }

    let spool: URL
    private(set) var port = 0
    private var process: Process?
    private let extra: [String]

    init(spool: URL, arguments: [String] = []) {
        self.spool = spool
        extra = arguments
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: spool.deletingLastPathComponent())
    }

    /// A server accepting AUTH for `agent`/`secret`, with its spool in a fresh temporary folder, started.
    static func started() throws -> SMTPTestServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-smtp-\(UUID().uuidString)")
        let server = SMTPTestServer(
            spool: folder.appendingPathComponent("spool"), arguments: ["--auth", "agent:secret"])
        try server.start()
        return server
    }

    /// Starts the server (on `port` when given, else a free one) and waits, bounded, for "ready".
    func start(port requested: Int = 0) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, "--port", String(requested), "--spool", spool.path] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        var line = [UInt8]()
        let handle = out.fileHandleForReading
        while line.last != 0x0A, line.count < 200 {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("ready "),
            let port = Int(text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw TestFailure("the SMTP test server did not start: '\(text)'") }
        self.port = port
    }

    /// SIGTERM by PID, then SIGKILL if it has not exited within 5 s; waits for it.
    func stop() {
        guard let process else { return }
        self.process = nil
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The messages the server accepted, oldest first.
    func messages() throws -> [String] {
        let folder = spool.appendingPathComponent("new")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return try names.map {
            String(decoding: try Data(contentsOf: folder.appendingPathComponent($0)), as: UTF8.self)
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
