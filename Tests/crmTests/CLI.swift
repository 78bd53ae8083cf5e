// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Runs the built `crm` binary against a temporary database, like a script would.
final class CLI: @unchecked Sendable {
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String

        /// The stdout parsed as JSON.
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var trimmed: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    let folder: URL
    let db: String
    var environment: [String: String] = [:]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        db = folder.appendingPathComponent("crm.sqlite").path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The crm executable next to the test bundle.
    static var binary: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundle, bundle.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("crm")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/crm")
    }

    /// Runs `crm --db DB args…`.
    @discardableResult
    func run(_ arguments: String..., input: String? = nil) throws -> Result {
        try run(arguments: ["--db", db] + arguments, input: input)
    }

    func run(arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CRM_DB")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a command that must succeed and returns its trimmed stdout.
    @discardableResult
    func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let result = try run(arguments: ["--db", db] + arguments)
        #expect(
            result.code == 0, "crm \(arguments.joined(separator: " ")) failed: \(result.stderr)",
            sourceLocation: sourceLocation)
        return result
    }

    /// Counts rows with plain SQL through the sqlite3-compatible JSON of `contact list`.
    func count(_ kind: String) throws -> Int {
        try run(kind, "list", "--json", "--limit", "10000").array.count
    }
}
