// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMMeasure
import Foundation

/// Latency sampling and reporting for the benchmarks.
enum Measure {
    /// Runs `body` once and returns seconds.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Runs an async `body` once and returns seconds.
    static func asyncSeconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Times each input once (after `warmup` untimed runs) and returns milliseconds per call.
    static func samples<T>(_ inputs: [T], warmup: Int = 3, _ body: (T) throws -> Void) rethrows -> [Double] {
        for input in inputs.prefix(warmup) { try body(input) }
        return try inputs.map { input in try seconds { try body(input) } * 1000 }
    }

    static func line(_ label: String, _ samples: [Double], target: String = "") -> String {
        // Padded by hand: Foundation on Linux ignores the width of a `%@` conversion.
        let summary = LatencySummary(samples)
        let text =
            label.padding(toLength: max(44, label.count), withPad: " ", startingAt: 0)
            + String(format: " p50 %8.3f ms   p99 %8.3f ms   (n=%d)", summary.p50, summary.p99, summary.count)
        return target.isEmpty ? text : text + "   target: " + target
    }

    /// CPU seconds (user + system) this process has used so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Peak resident memory of this process in MiB (VmHWM).
    static func peakMemoryMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kib = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kib / 1024
    }

    /// Size of a file and its WAL in MiB.
    static func fileSizeMiB(_ path: String) -> Double {
        [path, path + "-wal"].reduce(0.0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
            return total + size / 1_048_576
        }
    }
}

/// Writes a line to stdout at once (stdout is block-buffered when piped, and progress should show).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
