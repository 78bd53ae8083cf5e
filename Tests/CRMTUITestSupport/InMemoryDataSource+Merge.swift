// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI

extension InMemoryDataSource {
    func lookup(_ kind: EntityKind, handle: String) throws -> (id: RecordID, title: String) {
        try read { model in
            let wanted = handle.lowercased()
            switch kind {
            case .contact:
                guard
                    let item = model.contacts.values.first(where: {
                        [$0.name, $0.email].map { $0.lowercased() }.contains(wanted)
                    })
                else { throw TestSourceError.notFound("contact", nil) }
                return (item.id, item.name)
            case .company:
                guard let item = model.companies.values.first(where: { $0.name.lowercased() == wanted }) else {
                    throw TestSourceError.notFound("company", nil)
                }
                return (item.id, item.name)
            default:
                throw TestSourceError.notFound(kind.noun, nil)
            }
        }
    }

    func people(matching text: String, limit: Int) throws -> [String] {
        read { model in
            let key = TextKey.fold(text.trimmed())
            guard !key.isEmpty else { return [] }
            let names = model.users.values.filter { name in
                TextKey.fold(name).split(separator: " ").contains { $0.hasPrefix(key) }
            }
            return Array(names.sorted().prefix(limit))
        }
    }

    func merge(_ kind: EntityKind, duplicate: RecordID, into keep: RecordID) throws {
        try write { model in
            switch kind {
            case .contact:
                guard var kept = model.contacts[keep], let gone = model.contacts[duplicate] else {
                    throw TestSourceError.notFound("contact", duplicate)
                }
                if kept.email.isEmpty { kept.email = gone.email }
                if kept.phone.isEmpty { kept.phone = gone.phone }
                if kept.title.isEmpty { kept.title = gone.title }
                kept.companyID = kept.companyID ?? gone.companyID
                model.contacts[keep] = kept
                model.contacts[duplicate] = nil
                for (id, deal) in model.deals where deal.contactID == duplicate { model.deals[id]?.contactID = keep }
                for (id, item) in model.cases where item.contactID == duplicate { model.cases[id]?.contactID = keep }
                model.log(RecordRef(.contact, keep), "merge", "merged \(gone.name)")
            case .company:
                guard model.companies[keep] != nil, let gone = model.companies[duplicate] else {
                    throw TestSourceError.notFound("company", duplicate)
                }
                model.companies[duplicate] = nil
                for (id, item) in model.contacts where item.companyID == duplicate {
                    model.contacts[id]?.companyID = keep
                }
                for (id, deal) in model.deals where deal.companyID == duplicate { model.deals[id]?.companyID = keep }
                model.log(RecordRef(.company, keep), "merge", "merged \(gone.name)")
            default:
                throw TestSourceError.notFound(kind.noun, duplicate)
            }
        }
    }
}
