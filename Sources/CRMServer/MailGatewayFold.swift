// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// What the mail gateway knows of one tenant's records: the tenant's change log folded by the
/// same last-writer-wins rule the devices use (the larger wire HLC wins a register).
///
/// The gateway reads it to match a sender to a contact, thread an answer to its case and open a
/// case on the tenant's SLA policy. It holds only what that needs (contacts, cases, SLA policies
/// and calendars, and each activity's case), and it is caught up by pulling the log like any
/// device, so it never reads a store's tables and works on SQLite and PostgreSQL alike.
struct MailGatewayFold {
    /// One register: its value and the wire HLC that wrote it.
    struct Register: Hashable, Sendable {
        var value: JSONValue
        var hlc: String
    }

    private(set) var lastSeq: Int64 = 0
    private(set) var epoch: String?
    /// The largest HLC seen, so the gateway's own writes order after everything it read.
    private(set) var maxHLC = HLC.zero
    private var records: [RecordKey: [String: Register]] = [:]
    /// The seq that created each record: the oldest contact wins an address, as on a device.
    private var createdSeq: [RecordKey: Int64] = [:]
    /// Live and dead contact ids by lower-cased address.
    private var contactsByEmail: [String: Set<String>] = [:]
    /// The SLA policies ever created, so choosing one reads only them.
    private var policyIDs: Set<String> = []
    /// Activity ids by the Message-ID of the customer message they hold.
    private var activitiesByMessage: [String: Set<String>] = [:]

    /// A fold that knows the default SLA policies every device seeds without logging them
    /// (`Seed`, ids `RecordID.stable("default-sla", PRIORITY)`): the log holds only the later
    /// edits of those records, so they start here as on a device, older than any write.
    init() {
        for policy in SLAPolicy.defaults {
            let id = RecordID.stable(namespace: "default-sla", name: policy.priority.rawValue).rawValue
            let key = RecordKey(entity: EntityKind.slaPolicy.rawValue, entityID: id)
            records[key] = [
                "priority": Register(value: .string(policy.priority.rawValue), hlc: ""),
                "first_response_minutes": Register(value: .int(policy.firstResponseMinutes), hlc: ""),
                "resolution_minutes": Register(value: .int(policy.resolutionMinutes), hlc: ""),
            ]
            createdSeq[key] = 0
            policyIDs.insert(id)
        }
    }

    static let folded: Set<EntityKind> = [.contact, .supportCase, .activity, .slaPolicy, .slaCalendar]
    /// The registers of an activity the gateway needs: its case and its Message-ID.
    static let activityFields: Set<String> = ["case_id", "message_id"]

    /// Applies one pulled page; a new epoch (the tenant's log was reset) starts the fold over.
    mutating func apply(_ page: PullPage) {
        if let epoch, epoch != page.epoch { self = MailGatewayFold() }
        epoch = page.epoch
        for change in page.changes { apply(change) }
        lastSeq = max(lastSeq, page.nextAfter)
    }

    mutating func apply(_ change: StoredChange) {
        lastSeq = max(lastSeq, change.seq)
        guard let kind = change.kind, Self.folded.contains(kind), change.op != .conflict,
            let clock = HLC(wire: change.hlc)
        else { return }
        maxHLC = max(maxHLC, clock)
        let key = RecordKey(entity: change.entity, entityID: change.entityID)
        let value = JSONValue(jsonText: change.valueJSON) ?? .null
        if let deleted = change.op.deletedValue {
            write(key, FieldVersion.deletedField, .bool(deleted), change.hlc)
            guard change.op == .create, case .object(let fields) = value else { return }
            if createdSeq[key] == nil { createdSeq[key] = change.seq }
            if kind == .slaPolicy { policyIDs.insert(change.entityID) }
            for (name, field) in fields where kind != .activity || Self.activityFields.contains(name) {
                write(key, name, field, change.hlc)
            }
        } else if let field = change.field, kind != .activity || Self.activityFields.contains(field) {
            write(key, field, value, change.hlc)
        }
    }

    private mutating func write(_ key: RecordKey, _ field: String, _ value: JSONValue, _ hlc: String) {
        if let current = records[key]?[field], current.hlc > hlc { return }
        if key.entity == EntityKind.contact.rawValue, field == "email" {
            if case .string(let old) = records[key]?[field]?.value {
                contactsByEmail[old.lowercased()]?.remove(key.entityID)
            }
            if case .string(let new) = value { contactsByEmail[new.lowercased(), default: []].insert(key.entityID) }
        }
        if key.entity == EntityKind.activity.rawValue, field == "message_id" {
            if case .string(let old) = records[key]?[field]?.value { activitiesByMessage[old]?.remove(key.entityID) }
            if case .string(let new) = value { activitiesByMessage[new, default: []].insert(key.entityID) }
        }
        records[key, default: [:]][field] = Register(value: value, hlc: hlc)
    }

    /// One register of a live record, or nil.
    func register(_ kind: EntityKind, _ id: String, _ field: String) -> Register? {
        let key = RecordKey(entity: kind.rawValue, entityID: id)
        guard let fields = records[key], fields[FieldVersion.deletedField]?.value != .bool(true) else { return nil }
        return fields[field]
    }

    /// Whether a record with this id was ever created (live or deleted).
    func exists(_ kind: EntityKind, _ id: String) -> Bool {
        records[RecordKey(entity: kind.rawValue, entityID: id)] != nil
    }

    /// The oldest live contact with this address (case-insensitive), as a device's import finds it.
    func contacts(email: String) -> [String] {
        (contactsByEmail[email.lowercased()] ?? [])
            .filter { register(.contact, $0, "name") != nil }
            .sorted {
                (createdSeq[RecordKey(entity: "contact", entityID: $0)] ?? 0, $0)
                    < (createdSeq[RecordKey(entity: "contact", entityID: $1)] ?? 0, $1)
            }
    }

    /// The live activities holding the customer message with this Message-ID.
    func activities(messageID: String) -> [String] {
        (activitiesByMessage[messageID] ?? []).filter { register(.activity, $0, "message_id") != nil }.sorted()
    }

    /// The case of a live activity, if it has one.
    func caseOf(activity id: String) -> String? {
        guard case .string(let caseID) = register(.activity, id, "case_id")?.value else { return nil }
        return caseID
    }

    /// A live case with the fields its SLA clock needs.
    func supportCase(_ id: String) -> SupportCase? {
        guard let recordID = RecordID(id), let subject = text(.supportCase, id, "subject") else { return nil }
        var item = SupportCase(
            id: recordID, num: 0, subject: subject,
            priority: SupportCase.Priority(rawValue: text(.supportCase, id, "priority") ?? "") ?? .normal,
            status: SupportCase.Status(rawValue: text(.supportCase, id, "status") ?? "") ?? .new,
            createdAt: integer(.supportCase, id, "created_at") ?? 0)
        item.firstResponseDue = integer(.supportCase, id, "first_response_due") ?? item.createdAt
        item.resolutionDue = integer(.supportCase, id, "resolution_due") ?? item.createdAt
        item.firstResponseAt = integer(.supportCase, id, "first_response_at")
        item.resolvedAt = integer(.supportCase, id, "resolved_at")
        item.pausedAt = integer(.supportCase, id, "paused_at")
        item.pausedMillis = integer(.supportCase, id, "paused_ms") ?? 0
        item.calendarID = text(.supportCase, id, "calendar_id").flatMap(RecordID.init)
        item.calendar = item.calendarID.flatMap { calendar($0.rawValue) }
        return item
    }

    /// The tenant's policy for `priority` (the oldest live one), else the built-in default.
    func policy(_ priority: SupportCase.Priority) -> SLAPolicy {
        let candidates = policyIDs.map { RecordKey(entity: EntityKind.slaPolicy.rawValue, entityID: $0) }.filter {
            text(.slaPolicy, $0.entityID, "priority") == priority.rawValue
        }
        guard let key = candidates.min(by: { (createdSeq[$0] ?? 0, $0.entityID) < (createdSeq[$1] ?? 0, $1.entityID) }),
            let first = integer(.slaPolicy, key.entityID, "first_response_minutes"),
            let resolution = integer(.slaPolicy, key.entityID, "resolution_minutes")
        else { return SLAPolicy.defaults.first { $0.priority == priority } ?? SLAPolicy.defaults[2] }
        let calendarID = text(.slaPolicy, key.entityID, "calendar_id")
        let found = calendarID.flatMap { calendar($0) }
        return SLAPolicy(
            priority: priority, firstResponseMinutes: first, resolutionMinutes: resolution,
            calendarID: found == nil ? nil : calendarID.flatMap(RecordID.init), calendar: found)
    }

    private func calendar(_ id: String) -> BusinessCalendar? {
        guard let zone = text(.slaCalendar, id, "time_zone"), let days = text(.slaCalendar, id, "days"),
            let hours = text(.slaCalendar, id, "hours")
        else { return nil }
        return try? BusinessCalendar(
            timeZone: zone, days: days, hours: hours, holidays: text(.slaCalendar, id, "holidays") ?? "")
    }

    func text(_ kind: EntityKind, _ id: String, _ field: String) -> String? {
        guard case .string(let text) = register(kind, id, field)?.value else { return nil }
        return text
    }

    private func integer(_ kind: EntityKind, _ id: String, _ field: String) -> Int64? {
        guard case .int(let number) = register(kind, id, field)?.value else { return nil }
        return number
    }
}
