// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchangeStore
import CRMStore
import CRMTUI

extension StoreDataSource {
    public func lookup(_ kind: EntityKind, handle: String) throws -> (id: RecordID, title: String) {
        let id = try store.resolve(kind, handle)
        return (id, try store.fields(of: kind, id: id)["name"]?.text ?? handle)
    }

    /// The same merge as `crm dedupe --apply` (`StoreDeduper`), one transaction through the write path.
    public func merge(_ kind: EntityKind, duplicate: RecordID, into keep: RecordID) throws {
        try StoreDeduper(store: store, kind: kind).merge(
            keep: keep, duplicate: duplicate, reasons: ["merged by hand in the TUI"])
    }
}
