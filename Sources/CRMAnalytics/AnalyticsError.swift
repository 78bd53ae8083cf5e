// crm — a terminal-first CRM. Licensed under the MIT License.

/// What can go wrong when asking the engine for analytics, with a message that says how to fix it.
///
/// A bad period is a `PeriodError` (CRMCore), where periods are cut.
public enum AnalyticsError: Error, Equatable, CustomStringConvertible {
    /// The engine was asked for work after `stop()`.
    case stopped

    public var description: String {
        switch self {
        case .stopped: "the analytics engine is stopped (start it again, or use Analytics.compute)"
        }
    }
}
