// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Pure formatting of values for display; unit-tested without a terminal.
public enum Presentation {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// "2026-11-25 09:30" (UTC).
    public static func dateTime(_ millis: Int64) -> String {
        let time = CivilTime(unixSeconds: Int(millis / 1000))
        return "\(date(millis)) \(pad(time.hour)):\(pad(time.minute))"
    }

    /// "2026-11-25" (UTC).
    public static func date(_ millis: Int64) -> String {
        let time = CivilTime(unixSeconds: Int(millis / 1000))
        return "\(time.year)-\(pad(time.month))-\(pad(time.day))"
    }

    /// A short signed distance from now: "in 3h", "2d ago", "now".
    public static func relative(_ millis: Int64, now: Int64) -> String {
        let delta = millis - now
        let size = delta.magnitude
        let text: String
        switch size {
        case ..<UInt64(minute): return "now"
        case ..<UInt64(hour): text = "\(size / UInt64(minute))m"
        case ..<UInt64(day): text = "\(size / UInt64(hour))h"
        default: text = "\(size / UInt64(day))d"
        }
        return delta > 0 ? "in \(text)" : "\(text) ago"
    }

    /// The SLA cell of a case and its style: breached in red, at risk (under 25% left) in yellow.
    public static func sla(_ row: CaseRow, now: Int64) -> (String, TextStyle) {
        guard let due = row.slaDue else { return ("—", .dim) }
        if due <= now { return ("late " + relative(due, now: now).replacingOccurrences(of: " ago", with: ""), .error) }
        let total = max(1, due - row.createdAt)
        let style: TextStyle = (due - now) * 4 < total ? .warning : .normal
        return (relative(due, now: now), style)
    }

    /// The style of a priority label.
    public static func priorityStyle(_ priority: String) -> TextStyle {
        switch priority {
        case "urgent": .error
        case "high": .warning
        case "low": .dim
        default: .normal
        }
    }

    /// Money per currency joined: "12.0k USD · 3.0k EUR", or "—" when there is none.
    public static func totals(_ amounts: [MoneyAmount], compact: Bool = true) -> String {
        amounts.isEmpty ? "—" : amounts.map { compact ? $0.compact : $0.formatted }.joined(separator: " · ")
    }

    /// The start of the next UTC day after `now`, in milliseconds.
    public static func endOfDay(_ now: Int64) -> Int64 {
        (now / day + 1) * day
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
