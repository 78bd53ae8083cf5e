// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Whole-process timings: start, work, exit, as a script calling a CLI in a loop sees them.
///
/// Each run gives its wall clock and the CPU time (user + system) the process used, read from
/// `RUSAGE_CHILDREN`: on a shared machine the wall clock also holds the time the process waited
/// for a core, while the CPU time is what the process itself cost.
enum ProcessTimer {
    /// One run: wall clock and CPU time, in milliseconds.
    struct Run {
        var wall: Double
        var cpu: Double
    }

    /// The release `crm` next to crm-bench (`make bench` builds both).
    static var crm: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crm")
    }

    /// Runs `executable arguments` to its end with output discarded.
    ///
    /// A failed run is an error naming the command, so a figure never times an error path.
    static func run(_ executable: URL, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let cpuBefore = childrenCPUSeconds()
        let seconds = try Measure.seconds {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else {
            throw BenchError(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)"
            )
        }
        return Run(wall: seconds * 1000, cpu: (childrenCPUSeconds() - cpuBefore) * 1000)
    }

    /// The wall clock of one run, in milliseconds.
    static func milliseconds(_ executable: URL, _ arguments: [String]) throws -> Double {
        try run(executable, arguments).wall
    }

    /// `runs` runs of one command after `warmup` untimed runs.
    static func runs(_ executable: URL, _ arguments: [String], runs: Int = 30, warmup: Int = 3) throws -> [Run] {
        for _ in 0..<warmup { _ = try run(executable, arguments) }
        return try (0..<runs).map { _ in try run(executable, arguments) }
    }

    /// `runs` wall-clock timings of one command after `warmup` untimed runs, in milliseconds.
    static func samples(_ executable: URL, _ arguments: [String], runs count: Int = 30, warmup: Int = 3) throws
        -> [Double]
    {
        try runs(executable, arguments, runs: count, warmup: warmup).map(\.wall)
    }

    /// CPU seconds (user + system) of this process's children that have ended so far.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
