// crm — a terminal-first CRM. Licensed under the MIT License.

/// What can go wrong when asking for analytics, with a message that says how to fix it.
public enum AnalyticsError: Error, Equatable, CustomStringConvertible {
    /// `--from` is after `--to`.
    case emptyRange(from: String, to: String)
    /// The engine was asked for work after `stop()`.
    case stopped

    public var description: String {
        switch self {
        case .emptyRange(let from, let to): "the period \(from)..\(to) is empty: --from must not be after --to"
        case .stopped: "the analytics engine is stopped"
        }
    }
}
