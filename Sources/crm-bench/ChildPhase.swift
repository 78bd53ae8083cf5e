// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Runs one phase of the bench in a fresh `crm-bench` process over the same database and adds
/// its report to this one.
///
/// The TUI's memory target (SPEC section 8: under 64 MB) is about the TUI's own process. After
/// the store, import and analytics phases this process holds hundreds of MiB that malloc keeps
/// after they end, so its resident size says nothing about the TUI; a child that opens only the
/// database, as `crm tui` does, measures what a user's terminal would hold.
struct ChildPhase {
    let phase: String
    let database: String
    let folder: URL
    /// The `crm-bench` to start: this one, or in tests the built binary.
    var executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])

    func run(into report: inout BenchReport) throws {
        let output = folder.appendingPathComponent("child-\(phase).txt")
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--db", database, "--only", phase, "--output", output.path, "--no-wall-clock",
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw BenchError(
                "the \(phase) phase in its own process failed (status \(process.terminationStatus)); "
                    + "its errors are above; rerun it alone with --keep, then --db PATH --only \(phase)")
        }
        let text = try String(contentsOf: output, encoding: .utf8)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { report.print(String(line)) }
    }
}
