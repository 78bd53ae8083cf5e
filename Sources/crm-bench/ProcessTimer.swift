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
    /// Spawned with `posix_spawn` and reaped with `wait4`, not with Foundation's `Process`: on
    /// Linux, `Process.waitUntilExit` polls its run loop every 50 ms, so every run it times takes
    /// at least 50 ms of wall clock whatever the process did (the first release run measured
    /// `crm --help`, `crm search` and the sqlite3 CLI all at 51 ms). `wait4` also gives the
    /// child's own CPU time. A failed run is an error naming the command, so a figure never times
    /// an error path.
    static func run(_ executable: URL, _ arguments: [String]) throws -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        var status: Int32 = 0
        var usage = rusage()
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable.path, &actions, nil, argv, environ) == 0 else {
            throw BenchError("cannot start \(executable.path)")
        }
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        // A normal exit with code 0: the low 7 bits (the signal) and the exit code are all zero.
        guard status == 0 else {
            throw BenchError(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) ended with status \(status)")
        }
        return Run(wall: wall, cpu: milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime))
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

    /// A `timeval` in milliseconds.
    static func milliseconds(_ time: timeval) -> Double {
        let seconds = Double(time.tv_sec) * 1000
        return seconds + Double(time.tv_usec) / 1000
    }
}
