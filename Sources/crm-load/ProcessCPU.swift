// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// CPU time of server processes from `/proc`, to put a cost on each request.
///
/// Reads `utime + stime` of each process (`/proc/PID/stat`, in clock ticks) and, for a PostgreSQL
/// postmaster, of its live children (`/proc/PID/task/PID/children`: the backends serving the
/// server's connections), so the figure is the whole server side, not crm-server alone. Linux only;
/// elsewhere it reads 0 and says so in `available`.
struct ProcessCPU {
    /// Processes counted alone.
    var pids: [Int32]
    /// Processes counted with their children (a postmaster and its backends).
    var parents: [Int32]

    /// Clock ticks per second of `/proc`'s counters (100 on Linux).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    var available: Bool { pids.allSatisfy { FileManager.default.fileExists(atPath: "/proc/\($0)/stat") } }

    /// CPU seconds so far, summed over the processes.
    func seconds() -> Double {
        var ticks = 0
        for pid in pids { ticks += Self.ticks(pid) }
        for parent in parents {
            ticks += Self.ticks(parent)
            for child in Self.children(parent) { ticks += Self.ticks(child) }
        }
        return Double(ticks) / Self.ticksPerSecond
    }

    /// `utime + stime` of one process; 0 when it is gone.
    static func ticks(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }

    /// This process's own CPU seconds so far (user + system, every thread), from `getrusage`.
    static func ownSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func children(_ pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
