// crm — a terminal-first CRM. Licensed under the MIT License.

/// The rules that turn a case action into field changes: status, priority, reply.
///
/// Pure functions over a `SupportCase`, so the CLI, the TUI and tests share one SLA behaviour:
/// pending pauses the resolution clock, solving stamps the resolution time, a reply to the
/// customer meets the first response, and a priority change recomputes both due times from the
/// case's creation on the new policy's calendar.
public enum CaseWorkflow {
    /// The fields of a new case: `input` completed with the priority (normal), status (new),
    /// creation time, paused time and the due times of `policy`.
    ///
    /// One rule for every writer of cases (the store, crm-server's mail gateway), so a case opens
    /// with the same clocks whoever opened it.
    public static func open(
        _ input: [String: FieldValue], policy: SLAPolicy, nowMillis: Int64
    ) -> [String: FieldValue] {
        var fields = input
        let created = fields["created_at"]?.integer ?? nowMillis
        let due = policy.dueTimes(createdAt: created, pausedMillis: 0)
        fields["priority"] = .text(policy.priority.rawValue)
        fields["status"] = fields["status"] ?? .text(SupportCase.Status.new.rawValue)
        fields["created_at"] = .integer(created)
        fields["first_response_due"] = .integer(due.firstResponse)
        fields["resolution_due"] = .integer(due.resolution)
        fields["paused_ms"] = .integer(0)
        fields["calendar_id"] = policy.calendarID.map { .text($0.rawValue) } ?? .null
        return fields
    }

    /// Field changes for a status change at `nowMillis`.
    public static func changeStatus(
        _ item: SupportCase, to status: SupportCase.Status, nowMillis: Int64
    ) -> [String: FieldValue] {
        guard status != item.status else { return [:] }
        var fields: [String: FieldValue] = ["status": .text(status.rawValue)]
        if item.status == .pending, let pausedAt = item.pausedAt {
            let paused = item.calendar?.workingMillis(from: pausedAt, to: nowMillis) ?? max(0, nowMillis - pausedAt)
            fields["paused_ms"] = .integer(item.pausedMillis + paused)
            fields["resolution_due"] = .integer(
                SLAClock.extend(item.resolutionDue, pausedFrom: pausedAt, to: nowMillis, calendar: item.calendar))
            fields["paused_at"] = .null
        }
        if status == .pending && item.pausedAt == nil {
            fields["paused_at"] = .integer(nowMillis)
        }
        if status.isResolved && item.resolvedAt == nil {
            fields["resolved_at"] = .integer(nowMillis)
        } else if !status.isResolved && item.resolvedAt != nil {
            fields["resolved_at"] = .null
        }
        return fields
    }

    /// Field changes for a new priority: both due times recomputed from creation.
    public static func changePriority(
        _ item: SupportCase, to priority: SupportCase.Priority, policy: SLAPolicy
    ) -> [String: FieldValue] {
        guard priority != item.priority else { return [:] }
        let due = policy.dueTimes(createdAt: item.createdAt, pausedMillis: item.pausedMillis)
        return [
            "priority": .text(priority.rawValue), "first_response_due": .integer(due.firstResponse),
            "resolution_due": .integer(due.resolution),
            "calendar_id": policy.calendarID.map { .text($0.rawValue) } ?? .null,
        ]
    }

    /// Field changes for a reply to the customer: meets first response, opens a new case.
    public static func reply(_ item: SupportCase, nowMillis: Int64) -> [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        if item.firstResponseAt == nil { fields["first_response_at"] = .integer(nowMillis) }
        if item.status == .new { fields["status"] = .text(SupportCase.Status.open.rawValue) }
        return fields
    }
}
