// crm — a terminal-first CRM. Licensed under the MIT License.

/// One entry of the notification centre.
public struct NotificationItem: Sendable, Equatable {
    /// How loudly the entry is shown.
    public enum Severity: Sendable {
        case info, warning, alert
    }

    /// Stable across reloads, so "read" survives a refresh.
    public var id: String
    public var at: Int64
    public var text: String
    public var severity: Severity
    public var ref: RecordRef?
    /// Marked read before, by this user (kept by the data source).
    public var read: Bool

    public init(id: String, at: Int64, text: String, severity: Severity, ref: RecordRef? = nil, read: Bool = false) {
        self.id = id
        self.at = at
        self.text = text
        self.severity = severity
        self.ref = ref
        self.read = read
    }
}
