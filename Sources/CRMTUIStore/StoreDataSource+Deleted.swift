// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI

extension StoreDataSource {
    public func recentlyDeleted(limit: Int) throws -> [DeletedRecord] {
        try store.recentlyDeleted(limit: limit).map {
            DeletedRecord(ref: RecordRef($0.kind, $0.id), title: $0.title, at: $0.at)
        }
    }

    public func restore(_ ref: RecordRef) throws -> [String] {
        try store.restore(ref.kind, id: ref.id)
    }
}
