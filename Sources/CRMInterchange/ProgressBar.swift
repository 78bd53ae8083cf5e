// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A one-line progress bar for long imports: percentage, rows, rows per second and ETA.
///
/// Drawn on stderr only when stderr is a terminal, so piped output and logs stay clean; redrawn
/// at most every `interval` seconds so it never slows the import. Progress is measured in bytes
/// of the file (known up front), rates in rows.
public struct ProgressBar {
    private let total: Int
    private let enabled: Bool
    private let interval: Double
    private let write: (String) -> Void
    private let start: Double
    private var lastDraw: Double = 0
    private var drawn = false

    /// A bar for `totalBytes` that draws with `write` when `enabled` (default: stderr is a TTY).
    public init(
        totalBytes: Int, enabled: Bool = isatty(STDERR_FILENO) == 1, interval: Double = 0.2,
        now: Double = ProgressBar.now(), write: @escaping (String) -> Void = ProgressBar.standardError
    ) {
        total = totalBytes
        self.enabled = enabled
        self.interval = interval
        self.write = write
        start = now
    }

    /// Records progress; redraws when the interval has passed.
    public mutating func update(rows: Int, bytes: Int, now: Double = ProgressBar.now()) {
        guard enabled, now - lastDraw >= interval else { return }
        lastDraw = now
        drawn = true
        write("\r" + Self.line(rows: rows, bytes: bytes, total: total, elapsed: now - start) + "\u{1B}[K")
    }

    /// Clears the bar's line once the import is over.
    public mutating func finish() {
        guard enabled, drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }

    /// The text of the bar: `[#####.....]  45%  45,000 rows  12,345 rows/s  ETA 0:04`.
    public static func line(rows: Int, bytes: Int, total: Int, elapsed: Double, width: Int = 24) -> String {
        let fraction = total > 0 ? min(1, Double(bytes) / Double(total)) : 0
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let rate = elapsed > 0 ? Double(rows) / elapsed : 0
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let eta = fraction > 0 ? clock(Int(remaining.rounded())) : "--:--"
        return "[\(bar)] \(String(format: "%3d", Int(fraction * 100)))%  \(grouped(rows)) rows  "
            + "\(grouped(Int(rate))) rows/s  ETA \(eta)"
    }

    static func clock(_ seconds: Int) -> String {
        let minutes = seconds / 60, rest = seconds % 60
        return minutes >= 60
            ? "\(minutes / 60):\(String(format: "%02d", minutes % 60)):\(String(format: "%02d", rest))"
            : "\(minutes):\(String(format: "%02d", rest))"
    }

    static func grouped(_ value: Int) -> String {
        var digits = String(value)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }

    /// Seconds on a monotonic clock.
    public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Writes to stderr unbuffered.
    public static func standardError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
