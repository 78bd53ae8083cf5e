// crm — a terminal-first CRM. Licensed under the MIT License.

/// Every kind of record that is stored, synced and shown.
///
/// The raw value is the name used everywhere records are named as data: the `entity` of a
/// change-log entry and of a wire change, the `kind` of a search hit, `--kind` on the command line.
public enum EntityKind: String, CaseIterable, Codable, Sendable, Hashable {
    case contact
    case company
    case deal
    case stage
    case stageChange = "stage_change"
    case activity
    case supportCase = "case"
    case slaPolicy = "sla_policy"
    case slaCalendar = "sla_calendar"
    case user
    /// A custom field's definition (issue 19): synced, written by admins and managers.
    case field
    /// A user's read, dismissed or snoozed mark on one notification (issue 16): synced between
    /// that user's devices only (`NotificationMark`).
    case notificationMark = "notification_mark"

    /// The local SQLite table that holds records of this kind.
    public var table: String {
        switch self {
        case .contact: "contacts"
        case .company: "companies"
        case .deal: "deals"
        case .stage: "stages"
        case .stageChange: "stage_history"
        case .activity: "activities"
        case .supportCase: "cases"
        case .slaPolicy: "sla_policies"
        case .slaCalendar: "sla_calendars"
        case .user: "users"
        case .field: "field_definitions"
        case .notificationMark: "notification_marks"
        }
    }

    /// The fields a record of this kind carries, as they travel in changes.
    public var fields: [FieldSpec] { EntitySchema.fields(of: self) }

    /// Looks up one field by its wire name.
    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}
