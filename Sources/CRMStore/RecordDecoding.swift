// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Builds domain records from rows of the store's list and detail queries.
///
/// The domain types know nothing of SQLite; these initialisers are the only place that maps
/// column names to properties.
enum RecordDecoding {
    static func id(_ row: Row, _ column: String) -> RecordID? {
        guard let text: String = row[column] else { return nil }
        return RecordID(text)
    }

    static func tags(_ row: Row) -> [String] {
        guard let text: String = row["tags"] else { return [] }
        return FieldColumns.decodeTags(text)
    }

    static func contact(_ row: Row) -> Contact {
        var contact = Contact(id: id(row, "id") ?? RecordID.make(), num: row["num"], name: row["name"])
        contact.email = row["email"]
        contact.phone = row["phone"]
        contact.title = row["title"]
        contact.companyID = id(row, "company_id")
        contact.companyName = row["company_name"]
        contact.ownerID = id(row, "owner_id")
        contact.tags = tags(row)
        contact.notes = row["notes"]
        contact.address = row["address"]
        contact.externalID = row["external_id"]
        contact.createdAt = row["created_at"] ?? 0
        contact.updatedAt = row["updated_at"]
        return contact
    }

    static func company(_ row: Row) -> Company {
        var company = Company(id: id(row, "id") ?? RecordID.make(), num: row["num"], name: row["name"])
        company.domain = row["domain"]
        company.phone = row["phone"]
        company.industry = row["industry"]
        company.address = row["address"]
        company.ownerID = id(row, "owner_id")
        company.tags = tags(row)
        company.notes = row["notes"]
        company.externalID = row["external_id"]
        company.createdAt = row["created_at"] ?? 0
        company.updatedAt = row["updated_at"]
        return company
    }

    /// Deal rows come from `dealSelect`, which joins the stage, company and contact names.
    static let dealSelect = """
        SELECT d.*, s.name AS stage_name, s.kind AS stage_kind, s.probability AS stage_probability,
            c.name AS company_name, p.name AS contact_name
        FROM deals d
        LEFT JOIN stages s ON s.id = d.stage_id
        LEFT JOIN companies c ON c.id = d.company_id
        LEFT JOIN contacts p ON p.id = d.contact_id
        """

    static func deal(_ row: Row) -> Deal {
        let currency = (try? Currency(row["currency"] as String? ?? "USD")) ?? (try? Currency("USD"))
        let money = currency.map { Money(minorUnits: row["amount_minor"] ?? 0, currency: $0) }
        var deal = Deal(
            id: id(row, "id") ?? RecordID.make(), num: row["num"], title: row["title"],
            amount: money ?? Money(minorUnits: 0, currency: currencyFallback),
            stageID: id(row, "stage_id") ?? RecordID.make(),
            stageName: row["stage_name"] ?? "(deleted stage)")
        deal.stageKind = StageKind(rawValue: row["stage_kind"] ?? "open") ?? .open
        deal.probability = Int(row["probability"] as Int64? ?? row["stage_probability"] as Int64? ?? 0)
        deal.companyID = id(row, "company_id")
        deal.companyName = row["company_name"]
        deal.contactID = id(row, "contact_id")
        deal.contactName = row["contact_name"]
        deal.ownerID = id(row, "owner_id")
        deal.closeDate = row["close_date"]
        deal.lostReason = row["lost_reason"]
        deal.closedAt = row["closed_at"]
        deal.tags = tags(row)
        deal.notes = row["notes"]
        deal.externalID = row["external_id"]
        deal.createdAt = row["created_at"] ?? 0
        deal.updatedAt = row["updated_at"]
        return deal
    }

    static let currencyFallback: Currency = {
        guard let usd = try? Currency("USD") else { preconditionFailure("USD is in the currency table") }
        return usd
    }()

    static func stage(_ row: Row) -> PipelineStage {
        PipelineStage(
            id: id(row, "id") ?? RecordID.make(), num: row["num"], name: row["name"], position: row["position"],
            probability: row["probability"], kind: StageKind(rawValue: row["kind"]) ?? .open)
    }

    static func user(_ row: Row) -> User {
        User(
            id: id(row, "id") ?? RecordID.make(), num: row["num"], name: row["name"], email: row["email"],
            role: row["role"], active: (row["active"] as Int64? ?? 1) != 0)
    }

    static func activity(_ row: Row) -> Activity {
        var activity = Activity(
            id: id(row, "id") ?? RecordID.make(), num: row["num"],
            kind: Activity.Kind(rawValue: row["kind"]) ?? .note, subject: row["subject"])
        activity.body = row["body"]
        activity.dueAt = row["due_at"]
        activity.done = (row["done"] as Int64? ?? 0) != 0
        activity.doneAt = row["done_at"]
        activity.contactID = id(row, "contact_id")
        activity.companyID = id(row, "company_id")
        activity.dealID = id(row, "deal_id")
        activity.caseID = id(row, "case_id")
        activity.ownerID = id(row, "owner_id")
        activity.createdAt = row["created_at"] ?? 0
        return activity
    }

    /// Case rows come from `caseSelect`, which joins the contact and assignee names.
    static let caseSelect = """
        SELECT k.*, p.name AS contact_name, u.name AS assignee_name, cal.time_zone AS cal_time_zone,
            cal.days AS cal_days, cal.hours AS cal_hours, cal.holidays AS cal_holidays
        FROM cases k
        LEFT JOIN contacts p ON p.id = k.contact_id
        LEFT JOIN users u ON u.id = k.assignee_id
        LEFT JOIN sla_calendars cal ON cal.id = k.calendar_id AND cal.deleted = 0
        """

    /// The business-hours calendar in a row's `time_zone`, `days`, `hours`, `holidays` columns (after
    /// `prefix`); nil when there is none, or when a synced calendar does not parse (its clock then
    /// runs 24/7 rather than not at all).
    static func calendar(_ row: Row, prefix: String = "") -> BusinessCalendar? {
        guard let zone: String = row[prefix + "time_zone"], let days: String = row[prefix + "days"],
            let hours: String = row[prefix + "hours"]
        else { return nil }
        return try? BusinessCalendar(timeZone: zone, days: days, hours: hours, holidays: row[prefix + "holidays"] ?? "")
    }

    static func supportCase(_ row: Row) -> SupportCase {
        var item = SupportCase(
            id: id(row, "id") ?? RecordID.make(), num: row["num"], subject: row["subject"],
            priority: SupportCase.Priority(rawValue: row["priority"]) ?? .normal,
            status: SupportCase.Status(rawValue: row["status"]) ?? .new, createdAt: row["created_at"] ?? 0)
        item.description = row["description"]
        item.queue = row["queue"]
        item.contactID = id(row, "contact_id")
        item.contactName = row["contact_name"]
        item.companyID = id(row, "company_id")
        item.assigneeID = id(row, "assignee_id")
        item.assigneeName = row["assignee_name"]
        item.updatedAt = row["updated_at"]
        item.firstResponseDue = row["first_response_due"] ?? item.createdAt
        item.resolutionDue = row["resolution_due"] ?? item.createdAt
        item.firstResponseAt = row["first_response_at"]
        item.resolvedAt = row["resolved_at"]
        item.pausedAt = row["paused_at"]
        item.pausedMillis = row["paused_ms"] ?? 0
        item.calendarID = id(row, "calendar_id")
        item.calendar = calendar(row, prefix: "cal_")
        return item
    }
}
