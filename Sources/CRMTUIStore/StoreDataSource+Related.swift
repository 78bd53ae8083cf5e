// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI

extension StoreDataSource {
    /// The detail view's related panes, from `Store.related`: one snapshot of a few index reads.
    func relatedGroups(_ ref: RecordRef) throws -> [RelatedGroup] {
        guard [.company, .contact, .deal].contains(ref.kind) else { return [] }
        let related = try store.related(to: ref.kind, ref.id, limit: Self.relatedLimit)
        let contacts = RelatedGroup(
            "Contacts",
            rows: related.contacts.map {
                .init(ref: RecordRef(.contact, $0.id), title: $0.name, detail: $0.email ?? $0.title ?? "")
            }, more: related.more.contains(.contact))
        let deals = RelatedGroup(
            ref.kind == .company ? "Open deals" : "Deals",
            rows: related.deals.map {
                .init(
                    ref: RecordRef(.deal, $0.id), title: $0.title,
                    detail: "\($0.stageName) · \($0.amount.decimalString) \($0.amount.currency.code)")
            }, more: related.more.contains(.deal))
        let cases = RelatedGroup(
            "Open cases",
            rows: related.cases.map {
                .init(
                    ref: RecordRef(.supportCase, $0.id), title: $0.subject,
                    detail: "\($0.priority.rawValue) · \($0.status.rawValue)")
            }, more: related.more.contains(.supportCase))
        let activities = RelatedGroup(
            ref.kind == .contact ? "Open tasks" : "Activities",
            rows: related.activities.map { activity in
                .init(
                    ref: RecordRef(.activity, activity.id), title: activity.subject,
                    detail: activity.kind.rawValue
                        + (activity.dueAt.map { " · due " + Presentation.dateTime($0) } ?? ""))
            }, more: related.more.contains(.activity))
        switch ref.kind {
        case .company: return [contacts, deals, cases]
        case .contact: return [deals, cases, activities]
        default: return [contacts, activities]
        }
    }

    /// The most rows a related pane lists.
    static let relatedLimit = 50
}
