// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI

extension StoreDataSource {
    public func caseRow(_ id: RecordID) throws -> CaseRow? {
        do {
            return Self.row(try store.supportCase(id))
        } catch StoreError.notFound {
            return nil
        }
    }

    public func teammates() throws -> [String] {
        try store.team().filter(\.active).map(\.name)
    }

    /// Resolves the picked value once (a teammate, a stage, a status), then `Store.bulk`:
    /// one transaction, so `u` takes it all back.
    public func bulk(_ kind: EntityKind, _ ids: [RecordID], _ change: BulkChange) throws -> Int {
        try store.bulk(ids, of: kind, try action(change))
    }

    func action(_ change: BulkChange) throws -> BulkAction {
        switch change {
        case .assign(let person):
            return .assign(person.trimmed().isEmpty ? nil : try store.resolveUser(person, forNewWork: true))
        case .status(let text):
            return .status(try Self.status(text))
        case .priority(let text):
            return .priority(try Self.priority(text))
        case .stage(let name):
            return .stage(try stage(named: name))
        case .tag(let text):
            return .tag(try Tag(text))
        case .delete:
            return .delete
        }
    }
}
