// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI

extension InMemoryModel {
    /// The related panes the store's `related(to:)` gives: a company's contacts, open deals and
    /// open cases (through its contacts here); a contact's deals, cases and open tasks; a deal's
    /// contacts and activities.
    func related(of ref: RecordRef) -> [RelatedGroup] {
        func contactRows(_ list: [Contact]) -> [RelatedGroup.Row] {
            list.sorted { $0.name < $1.name }.map {
                .init(ref: RecordRef(.contact, $0.id), title: $0.name, detail: $0.email)
            }
        }
        func dealRows(_ list: [Deal]) -> [RelatedGroup.Row] {
            list.sorted { num($0.id) > num($1.id) }.map { deal in
                .init(
                    ref: RecordRef(.deal, deal.id), title: deal.title,
                    detail: stages.first { $0.id == deal.stageID }?.name ?? "")
            }
        }
        func caseRows(_ list: [Case]) -> [RelatedGroup.Row] {
            list.filter { !["solved", "closed"].contains($0.status) }.sorted { num($0.id) < num($1.id) }.map {
                .init(ref: RecordRef(.supportCase, $0.id), title: $0.subject, detail: "\($0.priority) · \($0.status)")
            }
        }
        func activityRows(_ list: [Activity]) -> [RelatedGroup.Row] {
            list.sorted { ($0.dueAt ?? .max, num($0.id)) < ($1.dueAt ?? .max, num($1.id)) }.map {
                .init(ref: RecordRef(.activity, $0.id), title: $0.subject, detail: $0.kind)
            }
        }
        switch ref.kind {
        case .company:
            let people = contacts.values.filter { $0.companyID == ref.id }
            let ids = Set(people.map(\.id))
            let open = deals.values.filter { deal in
                deal.companyID == ref.id && stages.first { $0.id == deal.stageID }?.kind == .open
            }
            return [
                RelatedGroup("Contacts", rows: contactRows(people)),
                RelatedGroup("Open deals", rows: dealRows(open)),
                RelatedGroup(
                    "Open cases", rows: caseRows(cases.values.filter { $0.contactID.map(ids.contains) ?? false })),
            ]
        case .contact:
            let tasks = activities.values.filter { $0.about == ref && $0.kind == "task" && !$0.done }
            return [
                RelatedGroup("Deals", rows: dealRows(deals.values.filter { $0.contactID == ref.id })),
                RelatedGroup("Open cases", rows: caseRows(cases.values.filter { $0.contactID == ref.id })),
                RelatedGroup("Open tasks", rows: activityRows(tasks)),
            ]
        case .deal:
            let deal = deals[ref.id]
            let people = contacts.values.filter { contact in
                contact.id == deal?.contactID || (deal?.companyID != nil && contact.companyID == deal?.companyID)
            }
            return [
                RelatedGroup("Contacts", rows: contactRows(people)),
                RelatedGroup("Activities", rows: activityRows(activities.values.filter { $0.about == ref })),
            ]
        default:
            return []
        }
    }
}
