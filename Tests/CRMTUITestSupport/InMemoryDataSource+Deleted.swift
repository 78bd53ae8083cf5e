// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI

extension InMemoryDataSource {
    func recentlyDeleted(limit: Int) throws -> [DeletedRecord] {
        read { model in
            model.trash.reversed().prefix(limit).map { entry in
                switch entry.record {
                case .contact(let record):
                    DeletedRecord(ref: RecordRef(.contact, record.id), title: record.name, at: entry.at)
                case .company(let record):
                    DeletedRecord(ref: RecordRef(.company, record.id), title: record.name, at: entry.at)
                case .deal(let record):
                    DeletedRecord(ref: RecordRef(.deal, record.id), title: record.title, at: entry.at)
                case .supportCase(let record):
                    DeletedRecord(ref: RecordRef(.supportCase, record.id), title: record.subject, at: entry.at)
                }
            }
        }
    }

    /// Puts a deleted record back; the in-memory model deletes one record at a time, so nothing
    /// else comes back with it.
    func restore(_ ref: RecordRef) throws -> [String] {
        try write { model in
            guard let index = model.trash.lastIndex(where: { Self.id(of: $0.record) == ref.id }) else {
                throw TestSourceError.notFound(ref.kind.noun, ref.id)
            }
            switch model.trash.remove(at: index).record {
            case .contact(let record): model.contacts[record.id] = record
            case .company(let record): model.companies[record.id] = record
            case .deal(let record): model.deals[record.id] = record
            case .supportCase(let record): model.cases[record.id] = record
            }
            return []
        }
    }

    static func id(of record: InMemoryModel.Trashed) -> RecordID {
        switch record {
        case .contact(let record): record.id
        case .company(let record): record.id
        case .deal(let record): record.id
        case .supportCase(let record): record.id
        }
    }
}
