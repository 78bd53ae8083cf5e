// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// The JSON shapes of records (SPEC section 4): snake_case keys, every object with `id`.
enum RecordJSON {
    static func value(_ optional: Any?) -> Any { optional ?? NSNull() }

    /// A person's name beside their id (`owner` next to `owner_id`), from the team directory.
    static func person(_ id: RecordID?) -> Any {
        guard let id else { return NSNull() }
        return People.directory.withLock { $0[id] } ?? "(unknown user)"
    }

    static func contact(_ contact: Contact) -> [String: Any] {
        [
            "id": contact.id.rawValue, "num": contact.num, "name": contact.name, "email": value(contact.email),
            "phone": value(contact.phone), "title": value(contact.title),
            "company_id": value(contact.companyID?.rawValue),
            "company": value(contact.companyName), "tags": contact.tags, "notes": value(contact.notes),
            "address": value(contact.address), "external_id": value(contact.externalID),
            "owner_id": value(contact.ownerID?.rawValue), "owner": person(contact.ownerID),
            "created_at": Clock.iso(contact.createdAt),
            "updated_at": Clock.iso(contact.updatedAt),
        ]
    }

    static func company(_ company: Company) -> [String: Any] {
        [
            "id": company.id.rawValue, "num": company.num, "name": company.name, "domain": value(company.domain),
            "phone": value(company.phone), "industry": value(company.industry), "address": value(company.address),
            "tags": company.tags, "notes": value(company.notes), "external_id": value(company.externalID),
            "owner_id": value(company.ownerID?.rawValue), "owner": person(company.ownerID),
            "created_at": Clock.iso(company.createdAt),
            "updated_at": Clock.iso(company.updatedAt),
        ]
    }

    static func deal(_ deal: Deal) -> [String: Any] {
        [
            "id": deal.id.rawValue, "num": deal.num, "title": deal.title, "amount": deal.amount.decimalString,
            "currency": deal.amount.currency.code, "stage": deal.stageName, "stage_id": deal.stageID.rawValue,
            "stage_kind": deal.stageKind.rawValue, "probability": deal.probability,
            "company_id": value(deal.companyID?.rawValue), "company": value(deal.companyName),
            "contact_id": value(deal.contactID?.rawValue), "contact": value(deal.contactName),
            "owner_id": value(deal.ownerID?.rawValue), "owner": person(deal.ownerID),
            "close_date": value(deal.closeDate),
            "closed_at": Clock.iso(deal.closedAt), "lost_reason": value(deal.lostReason), "tags": deal.tags,
            "notes": value(deal.notes), "external_id": value(deal.externalID), "created_at": Clock.iso(deal.createdAt),
            "updated_at": Clock.iso(deal.updatedAt),
        ]
    }

    static func supportCase(_ item: SupportCase, nowMillis: Int64) -> [String: Any] {
        let clock = item.clock(nowMillis: nowMillis)
        return [
            "id": item.id.rawValue, "num": item.num, "subject": item.subject, "description": value(item.description),
            "priority": item.priority.rawValue, "status": item.status.rawValue, "queue": value(item.queue),
            "contact_id": value(item.contactID?.rawValue), "contact": value(item.contactName),
            "assignee_id": value(item.assigneeID?.rawValue), "assignee": value(item.assigneeName),
            "first_response_due": Clock.iso(item.firstResponseDue),
            "resolution_due": Clock.iso(clock.effectiveResolutionDue),
            "first_response_at": Clock.iso(item.firstResponseAt), "resolved_at": Clock.iso(item.resolvedAt),
            "sla": clock.overall.rawValue, "first_response_sla": clock.firstResponse.rawValue,
            "resolution_sla": clock.resolution.rawValue, "created_at": Clock.iso(item.createdAt),
            "calendar_id": value(item.calendarID?.rawValue), "business_hours": value(item.calendar.map(businessHours)),
            "updated_at": Clock.iso(item.updatedAt),
        ]
    }

    /// A calendar in one line: `mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin`.
    static func businessHours(_ calendar: BusinessCalendar) -> String {
        "\(calendar.daysText) \(calendar.hoursText) \(calendar.timeZone.identifier)"
    }

    static func activity(_ activity: Activity) -> [String: Any] {
        [
            "id": activity.id.rawValue, "num": activity.num, "kind": activity.kind.rawValue,
            "subject": activity.subject,
            "body": value(activity.body), "due_at": Clock.iso(activity.dueAt), "done": activity.done,
            "done_at": Clock.iso(activity.doneAt), "contact_id": value(activity.contactID?.rawValue),
            "company_id": value(activity.companyID?.rawValue), "deal_id": value(activity.dealID?.rawValue),
            "case_id": value(activity.caseID?.rawValue), "owner_id": value(activity.ownerID?.rawValue),
            "owner": person(activity.ownerID),
            "created_at": Clock.iso(activity.createdAt),
        ]
    }

    static func stage(_ stage: PipelineStage) -> [String: Any] {
        [
            "id": stage.id.rawValue, "num": stage.num, "name": stage.name, "position": stage.position,
            "probability": stage.probability, "kind": stage.kind.rawValue,
        ]
    }

    static func timeline(_ entries: [TimelineEntry]) -> [[String: Any]] {
        entries.map {
            [
                "at": Clock.iso($0.at), "source": $0.source.rawValue, "action": $0.action, "summary": $0.summary,
                "author": value($0.author),
            ]
        }
    }

    static func hit(_ hit: SearchHit) -> [String: Any] {
        ["id": hit.id.rawValue, "num": hit.num, "kind": hit.kind.rawValue, "title": hit.title, "detail": hit.detail]
    }
}
