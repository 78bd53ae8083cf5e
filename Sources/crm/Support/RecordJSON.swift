// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// The JSON shapes of records (SPEC section 4): snake_case keys, every object with `id`.
///
/// Built as `JSONValue` (an absent value is `null`), printed by `Output.json`.
enum RecordJSON {
    /// A person's name beside their id (`owner` next to `owner_id`), from the team directory.
    static func person(_ id: RecordID?) -> JSONValue {
        guard let id else { return .null }
        return .string(People.directory.withLock { $0[id] } ?? "(unknown user)")
    }

    static func contact(_ contact: Contact) -> [String: JSONValue] {
        [
            "id": contact.id.jsonValue, "num": contact.num.jsonValue, "name": contact.name.jsonValue,
            "email": contact.email.jsonValue, "phone": contact.phone.jsonValue, "title": contact.title.jsonValue,
            "company_id": contact.companyID.jsonValue, "company": contact.companyName.jsonValue,
            "tags": contact.tags.jsonValue, "notes": contact.notes.jsonValue, "address": contact.address.jsonValue,
            "external_id": contact.externalID.jsonValue, "owner_id": contact.ownerID.jsonValue,
            "owner": person(contact.ownerID), "created_at": Clock.iso(contact.createdAt),
            "updated_at": Clock.iso(contact.updatedAt),
        ]
    }

    static func company(_ company: Company) -> [String: JSONValue] {
        [
            "id": company.id.jsonValue, "num": company.num.jsonValue, "name": company.name.jsonValue,
            "domain": company.domain.jsonValue, "phone": company.phone.jsonValue,
            "industry": company.industry.jsonValue, "address": company.address.jsonValue,
            "tags": company.tags.jsonValue, "notes": company.notes.jsonValue,
            "external_id": company.externalID.jsonValue, "owner_id": company.ownerID.jsonValue,
            "owner": person(company.ownerID), "created_at": Clock.iso(company.createdAt),
            "updated_at": Clock.iso(company.updatedAt),
        ]
    }

    static func deal(_ deal: Deal) -> [String: JSONValue] {
        [
            "id": deal.id.jsonValue, "num": deal.num.jsonValue, "title": deal.title.jsonValue,
            "amount": deal.amount.decimalString.jsonValue, "currency": deal.amount.currency.code.jsonValue,
            "stage": deal.stageName.jsonValue, "stage_id": deal.stageID.jsonValue,
            "stage_kind": deal.stageKind.rawValue.jsonValue, "probability": deal.probability.jsonValue,
            "company_id": deal.companyID.jsonValue, "company": deal.companyName.jsonValue,
            "contact_id": deal.contactID.jsonValue, "contact": deal.contactName.jsonValue,
            "owner_id": deal.ownerID.jsonValue, "owner": person(deal.ownerID),
            "close_date": deal.closeDate.jsonValue, "closed_at": Clock.iso(deal.closedAt),
            "lost_reason": deal.lostReason.jsonValue, "tags": deal.tags.jsonValue, "notes": deal.notes.jsonValue,
            "external_id": deal.externalID.jsonValue, "created_at": Clock.iso(deal.createdAt),
            "updated_at": Clock.iso(deal.updatedAt),
        ]
    }

    static func supportCase(_ item: SupportCase, nowMillis: Int64) -> [String: JSONValue] {
        let clock = item.clock(nowMillis: nowMillis)
        return [
            "id": item.id.jsonValue, "num": item.num.jsonValue, "subject": item.subject.jsonValue,
            "description": item.description.jsonValue, "priority": item.priority.rawValue.jsonValue,
            "status": item.status.rawValue.jsonValue, "queue": item.queue.jsonValue,
            "contact_id": item.contactID.jsonValue, "contact": item.contactName.jsonValue,
            "assignee_id": item.assigneeID.jsonValue, "assignee": item.assigneeName.jsonValue,
            "first_response_due": Clock.iso(item.firstResponseDue),
            "resolution_due": Clock.iso(clock.effectiveResolutionDue),
            "first_response_at": Clock.iso(item.firstResponseAt), "resolved_at": Clock.iso(item.resolvedAt),
            "sla": clock.overall.rawValue.jsonValue, "first_response_sla": clock.firstResponse.rawValue.jsonValue,
            "resolution_sla": clock.resolution.rawValue.jsonValue, "created_at": Clock.iso(item.createdAt),
            "updated_at": Clock.iso(item.updatedAt),
        ]
    }

    static func activity(_ activity: Activity) -> [String: JSONValue] {
        [
            "id": activity.id.jsonValue, "num": activity.num.jsonValue, "kind": activity.kind.rawValue.jsonValue,
            "subject": activity.subject.jsonValue, "body": activity.body.jsonValue, "due_at": Clock.iso(activity.dueAt),
            "done": activity.done.jsonValue, "done_at": Clock.iso(activity.doneAt),
            "contact_id": activity.contactID.jsonValue, "company_id": activity.companyID.jsonValue,
            "deal_id": activity.dealID.jsonValue, "case_id": activity.caseID.jsonValue,
            "owner_id": activity.ownerID.jsonValue, "owner": person(activity.ownerID),
            "created_at": Clock.iso(activity.createdAt),
        ]
    }

    static func stage(_ stage: PipelineStage) -> [String: JSONValue] {
        [
            "id": stage.id.jsonValue, "num": stage.num.jsonValue, "name": stage.name.jsonValue,
            "position": stage.position.jsonValue, "probability": stage.probability.jsonValue,
            "kind": stage.kind.rawValue.jsonValue,
        ]
    }

    static func timeline(_ entries: [TimelineEntry]) -> [JSONValue] {
        entries.map {
            [
                "at": Clock.iso($0.at), "source": $0.source.rawValue.jsonValue, "action": $0.action.jsonValue,
                "summary": $0.summary.jsonValue, "author": $0.author.jsonValue,
            ]
        }
    }

    static func hit(_ hit: SearchHit) -> [String: JSONValue] {
        [
            "id": hit.id.jsonValue, "num": hit.num.jsonValue, "kind": hit.kind.rawValue.jsonValue,
            "title": hit.title.jsonValue, "detail": hit.detail.jsonValue,
        ]
    }
}
