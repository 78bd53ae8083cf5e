// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Restores a soft-deleted record, and the records its delete took along.
    ///
    /// A delete that takes related records with it (`company rm --with-deals`) deletes them in
    /// the same transaction, so the records deleted in the transaction that deleted this one
    /// come back with it — unless something restored or deleted them again since. Returns the
    /// others that came back, named for people (`deal "Acme renewal"`).
    @discardableResult
    public func restore(_ kind: EntityKind, id: RecordID) throws -> [String] {
        try write { recorder in
            let db = recorder.db
            try recorder.restore(kind, id: id)
            guard
                let tx = try Int64.fetchOne(
                    db,
                    sql:
                        "SELECT tx_id FROM change_log WHERE entity_id = ? AND op = 'delete' ORDER BY device_seq DESC LIMIT 1",
                    arguments: [id.rawValue])
            else { return [] }
            var words = ChangeWords(db: db, timeZoneOffsetSeconds: 0)
            var others: [String] = []
            for entry in try TransactionLog.entries(db, tx) where entry.op == "delete" && entry.entityID != id.rawValue
            {
                guard let other = RecordID(entry.entityID),
                    let row = try Row.fetchOne(
                        db, sql: "SELECT deleted, field_hlc, hlc, hlc_device FROM \(entry.kind.table) WHERE id = ?",
                        arguments: [entry.entityID]),
                    (row["deleted"] as Int64) != 0,
                    FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
                        .stamp(of: "_deleted").hlc == entry.hlc
                else { continue }
                try recorder.restore(entry.kind, id: other)
                others.append(try words.record(entry.kind, entry.entityID))
            }
            return others
        }
    }

    /// Deletes a company, and optionally its live deals with it.
    ///
    /// The deals go in the same transaction, so a restore of the company or an undo brings them
    /// all back together. Returns the deals that went with it, named for people (`deal "Rollout"`).
    @discardableResult
    public func deleteCompany(_ id: RecordID, withDeals: Bool) throws -> [String] {
        try write { recorder in
            var deals: [String] = []
            if withDeals {
                deals = try String.fetchAll(
                    recorder.db, sql: "SELECT id FROM deals WHERE company_id = ? AND deleted = 0 ORDER BY num",
                    arguments: [id.rawValue])
            }
            try recorder.delete(.company, id: id)
            var words = ChangeWords(db: recorder.db, timeZoneOffsetSeconds: 0)
            var names: [String] = []
            for deal in deals.compactMap({ RecordID($0) }) {
                try recorder.delete(.deal, id: deal)
                names.append(try words.record(.deal, deal.rawValue))
            }
            return names
        }
    }
}
