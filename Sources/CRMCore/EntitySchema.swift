// crm — a terminal-first CRM. Licensed under the MIT License.

/// The fields of every entity kind: the one list that store, sync and import share.
///
/// Adding a field is additive within protocol v1 (SYNC.md 3.14): append it here and add a
/// migration that adds the column. Never rename or retype a field.
public enum EntitySchema {
    public static let priorities = ["low", "normal", "high", "urgent"]
    public static let caseStatuses = ["new", "open", "pending", "solved", "closed"]
    public static let activityKinds = ["call", "meeting", "email", "note", "task"]
    public static let stageKinds = ["open", "won", "lost"]
    public static let roles = ["admin", "manager", "rep", "agent"]

    /// The fields of one kind, in display order.
    public static func fields(of kind: EntityKind) -> [FieldSpec] {
        switch kind {
        case .contact: contact
        case .company: company
        case .deal: deal
        case .stage: stage
        case .stageChange: stageChange
        case .activity: activity
        case .supportCase: supportCase
        case .slaPolicy: slaPolicy
        case .slaCalendar: slaCalendar
        case .user: user
        case .field: field
        case .notificationMark: notificationMark
        }
    }

    static let contact: [FieldSpec] = [
        FieldSpec("name", .text, required: true), FieldSpec("email", .email), FieldSpec("phone", .phone),
        FieldSpec("title", .text), FieldSpec("company_id", .reference(.company)),
        FieldSpec("owner_id", .reference(.user)), FieldSpec("tags", .tags), FieldSpec("notes", .text),
        FieldSpec("address", .text), FieldSpec("external_id", .text), FieldSpec("created_at", .timestamp),
    ]

    static let company: [FieldSpec] = [
        FieldSpec("name", .text, required: true), FieldSpec("domain", .text), FieldSpec("phone", .phone),
        FieldSpec("industry", .text), FieldSpec("address", .text), FieldSpec("owner_id", .reference(.user)),
        FieldSpec("tags", .tags), FieldSpec("notes", .text), FieldSpec("external_id", .text),
        FieldSpec("created_at", .timestamp),
    ]

    static let deal: [FieldSpec] = [
        FieldSpec("title", .text, required: true), FieldSpec("amount", .money, required: true),
        FieldSpec("stage_id", .reference(.stage), required: true), FieldSpec("company_id", .reference(.company)),
        FieldSpec("contact_id", .reference(.contact)), FieldSpec("owner_id", .reference(.user)),
        FieldSpec("close_date", .date), FieldSpec("probability", .integer), FieldSpec("lost_reason", .text),
        FieldSpec("closed_at", .timestamp), FieldSpec("tags", .tags), FieldSpec("notes", .text),
        FieldSpec("external_id", .text), FieldSpec("created_at", .timestamp),
    ]

    static let stage: [FieldSpec] = [
        FieldSpec("name", .text, required: true), FieldSpec("position", .integer, required: true),
        FieldSpec("probability", .integer, required: true), FieldSpec("kind", .choice(stageKinds), required: true),
        FieldSpec("created_at", .timestamp),
    ]

    static let stageChange: [FieldSpec] = [
        FieldSpec("deal_id", .reference(.deal), required: true), FieldSpec("from_stage_id", .reference(.stage)),
        FieldSpec("to_stage_id", .reference(.stage), required: true), FieldSpec("user_id", .reference(.user)),
        FieldSpec("created_at", .timestamp),
    ]

    static let activity: [FieldSpec] = [
        FieldSpec("kind", .choice(activityKinds), required: true), FieldSpec("subject", .text, required: true),
        FieldSpec("body", .text), FieldSpec("due_at", .timestamp), FieldSpec("done", .bool),
        FieldSpec("done_at", .timestamp), FieldSpec("contact_id", .reference(.contact)),
        FieldSpec("company_id", .reference(.company)), FieldSpec("deal_id", .reference(.deal)),
        FieldSpec("case_id", .reference(.supportCase)), FieldSpec("owner_id", .reference(.user)),
        FieldSpec("created_at", .timestamp),
        // The Message-ID of a received customer message (issue 16): synced, so a reply from any
        // device threads to it and crm-server's mail gateway threads answers to the case.
        FieldSpec("message_id", .text),
    ]

    static let supportCase: [FieldSpec] = [
        FieldSpec("subject", .text, required: true), FieldSpec("description", .text),
        FieldSpec("priority", .choice(priorities), required: true),
        FieldSpec("status", .choice(caseStatuses), required: true), FieldSpec("queue", .text),
        FieldSpec("contact_id", .reference(.contact)), FieldSpec("company_id", .reference(.company)),
        FieldSpec("assignee_id", .reference(.user)), FieldSpec("first_response_due", .timestamp),
        FieldSpec("resolution_due", .timestamp), FieldSpec("first_response_at", .timestamp),
        FieldSpec("resolved_at", .timestamp), FieldSpec("paused_at", .timestamp), FieldSpec("paused_ms", .integer),
        FieldSpec("created_at", .timestamp), FieldSpec("calendar_id", .reference(.slaCalendar)),
    ]

    static let slaPolicy: [FieldSpec] = [
        FieldSpec("priority", .choice(priorities), required: true),
        FieldSpec("first_response_minutes", .integer, required: true),
        FieldSpec("resolution_minutes", .integer, required: true), FieldSpec("created_at", .timestamp),
        FieldSpec("calendar_id", .reference(.slaCalendar)),
    ]

    /// Business hours an SLA policy can count in (`BusinessCalendar`): `days` like `mon,tue`,
    /// `hours` like `09:00-17:00`, `holidays` comma-separated `YYYY-MM-DD`.
    static let slaCalendar: [FieldSpec] = [
        FieldSpec("name", .text, required: true), FieldSpec("time_zone", .text, required: true),
        FieldSpec("days", .text, required: true), FieldSpec("hours", .text, required: true),
        FieldSpec("holidays", .text), FieldSpec("created_at", .timestamp),
    ]

    /// A custom field's definition (`FieldDefinition`); `field_key` and `type` never change.
    static let field: [FieldSpec] = [
        FieldSpec("entity", .choice(FieldDefinition.customizable.map(\.rawValue)), required: true),
        FieldSpec("name", .text, required: true), FieldSpec("field_key", .text, required: true),
        FieldSpec("type", .choice(CustomFieldType.allCases.map(\.rawValue)), required: true),
        FieldSpec("target", .text), FieldSpec("choices", .list), FieldSpec("required", .bool),
        FieldSpec("default_value", .text), FieldSpec("help", .text), FieldSpec("retired", .bool),
        FieldSpec("created_at", .timestamp),
    ]

    /// One user's mark on one notification (`NotificationMark`); `user_id` and `notification_id`
    /// never change, they make the record's id.
    static let notificationMark: [FieldSpec] = [
        FieldSpec("user_id", .reference(.user), required: true),
        FieldSpec("notification_id", .text, required: true),
        FieldSpec("state", .choice(NotificationMark.states), required: true),
        FieldSpec("snoozed_until", .timestamp), FieldSpec("created_at", .timestamp),
    ]

    static let user: [FieldSpec] = [
        FieldSpec("name", .text, required: true), FieldSpec("email", .email),
        FieldSpec("role", .choice(roles), required: true), FieldSpec("created_at", .timestamp),
        FieldSpec("active", .bool),
    ]
}
