// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// `scripts/bench-log-size.sh` on a log of 1,000 changes in SQLite, end to end: the fill by
/// INSERT … SELECT passes the script's own field_state check, the real crm-server serves the
/// filled log (a pull from the head is empty, a pull from behind it is not) and takes pushes after
/// it (seq 1,001 on, which would collide with the fill had it not moved last_seq), and the table
/// prints every kind.
@Suite struct LogSizeBenchTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binaries = root.appendingPathComponent(".build/debug")
    static let runnable =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")
        && FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("crm-server").path)
        && FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("crm-load").path)

    @Test(.enabled(if: runnable, "needs the sqlite3 CLI (make deps) and the debug crm-server and crm-load"))
    func aFilledLogIsServedAndTakesPushes() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            Self.root.appendingPathComponent("scripts/bench-log-size.sh").path, "--skip-build", "--sizes", "1000",
            "--stores", "sqlite", "--requests", "5",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["CRM_BENCH_BIN": Self.binaries.path]) {
            $1
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("sqlite 1000: filled in"))
        #expect(text.contains("1000 changes, 300 field_state rows"))
        for kind in ["pull-head", "pull-back", "push"] {
            #expect(text.contains("result sqlite 1000 \(kind) n=5 "), "\(text)")
        }
    }
}
