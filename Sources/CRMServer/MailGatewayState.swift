// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// What the mail gateway knows of one tenant's records while it decides one message: the
/// current registers the store returned for the message (`LogStore.mailRecords`), read from the
/// server's last-writer-wins state (`field_state`), never from the log.
///
/// It holds only the records the message can touch (the contacts with its addresses, the
/// activities its thread names and their cases, the SLA policies and the calendars those name),
/// so reading it costs the same at ten changes or ten million, and nothing is kept between messages.
struct MailGatewayState {
    /// One register: its value and the wire HLC that wrote it.
    struct Register: Hashable, Sendable {
        var value: JSONValue
        var hlc: String
    }

    /// The tenant's epoch, which the gateway's push names.
    let epoch: String?
    /// The largest HLC read (and the gateway device's last), so the gateway's own writes order
    /// after everything it read.
    let maxHLC: HLC
    private var records: [RecordKey: [String: Register]] = [:]
    /// The seq that created each record (the smallest seq of its registers): the oldest contact
    /// wins an address, as on a device.
    private var createdSeq: [RecordKey: Int64] = [:]

    /// The state of `fetched`, on top of the default SLA policies every device seeds without
    /// logging them (`Seed`, ids `RecordID.stable("default-sla", PRIORITY)`): the store holds only
    /// the later edits of those records, so they start here as on a device, older than any write.
    init(_ fetched: MailRecords) {
        epoch = fetched.epoch
        for policy in SLAPolicy.defaults {
            let id = RecordID.stable(namespace: "default-sla", name: policy.priority.rawValue).rawValue
            let key = RecordKey(entity: EntityKind.slaPolicy.rawValue, entityID: id)
            records[key] = [
                "priority": Register(value: .string(policy.priority.rawValue), hlc: ""),
                "first_response_minutes": Register(value: .int(policy.firstResponseMinutes), hlc: ""),
                "resolution_minutes": Register(value: .int(policy.resolutionMinutes), hlc: ""),
            ]
            createdSeq[key] = 0
        }
        var largest = fetched.deviceHLC ?? .zero
        for row in fetched.registers {
            let key = RecordKey(entity: row.entity, entityID: row.entityID)
            records[key, default: [:]][row.field] = Register(
                value: JSONValue(jsonText: row.valueJSON) ?? .null, hlc: row.hlc.wire(deviceID: row.deviceID))
            createdSeq[key] = min(createdSeq[key] ?? row.seq, row.seq)
            largest = max(largest, row.hlc)
        }
        maxHLC = largest
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

    /// The live contacts with this address, oldest first: ASCII letters match in either case, as
    /// a device's import matches (`COLLATE NOCASE`) and the store's index finds them.
    func contacts(email: String) -> [String] {
        let wanted = Self.asciiLowercased(email)
        return records.keys.filter { key in
            guard key.entity == EntityKind.contact.rawValue, register(.contact, key.entityID, "name") != nil,
                let address = text(.contact, key.entityID, "email")
            else { return false }
            return Self.asciiLowercased(address) == wanted
        }
        .sorted { (createdSeq[$0] ?? 0, $0.entityID) < (createdSeq[$1] ?? 0, $1.entityID) }
        .map(\.entityID)
    }

    /// The live activities holding the customer message with this Message-ID.
    func activities(messageID: String) -> [String] {
        records.keys.filter {
            $0.entity == EntityKind.activity.rawValue && text(.activity, $0.entityID, "message_id") == messageID
        }
        .map(\.entityID).sorted()
    }

    /// The case of a live activity, if it has one.
    func caseOf(activity id: String) -> String? {
        text(.activity, id, "case_id")
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
        let candidates = records.keys.filter {
            $0.entity == EntityKind.slaPolicy.rawValue && text(.slaPolicy, $0.entityID, "priority") == priority.rawValue
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

    /// `text` with A–Z lowered and every other character kept: SQLite's `lower` and `NOCASE`.
    static func asciiLowercased(_ text: String) -> String {
        String(
            decoding: text.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 },
            as: UTF8.self)
    }
}
