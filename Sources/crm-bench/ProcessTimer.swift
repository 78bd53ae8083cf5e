// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Whole-process timings: start, work, exit, as a script calling a CLI in a loop sees them.
enum ProcessTimer {
    /// The release `crm` next to crm-bench (`make bench` builds both).
    static var crm: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crm")
    }

    /// Runs `executable arguments` to its end with output discarded; returns milliseconds.
    ///
    /// A failed run is an error naming the command, so a figure never times an error path.
    static func milliseconds(_ executable: URL, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let seconds = try Measure.seconds {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else {
            throw BenchError(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)"
            )
        }
        return seconds * 1000
    }

    /// `runs` timings of one command after `warmup` untimed runs.
    static func samples(_ executable: URL, _ arguments: [String], runs: Int = 30, warmup: Int = 3) throws -> [Double] {
        for _ in 0..<warmup { _ = try milliseconds(executable, arguments) }
        return try (0..<runs).map { _ in try milliseconds(executable, arguments) }
    }
}
