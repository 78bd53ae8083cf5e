// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import GRDB

extension StoreDataSource {
    /// The kinds the "recently deleted" view lists, with the column that names a record.
    static let deletedKinds: [(EntityKind, String)] = [
        (.contact, "name"), (.company, "name"), (.deal, "title"), (.supportCase, "subject"), (.activity, "subject"),
    ]

    public func recentlyDeleted(limit: Int) throws -> [DeletedRecord] {
        // Each branch reads the table's `…_trash` partial index (schema v10-undo), newest first.
        let sql =
            Self.deletedKinds.map { kind, column in
                "SELECT '\(kind.rawValue)' AS kind, id, \(column) AS title, updated_at FROM \(kind.table) WHERE deleted = 1"
            }.joined(separator: " UNION ALL ") + " ORDER BY updated_at DESC LIMIT ?"
        let rows = try store.read { db in try Row.fetchAll(db, sql: sql, arguments: [limit]) }
        return rows.compactMap { row in
            guard let kind = EntityKind(rawValue: row["kind"]), let id = RecordID(row["id"] as String) else {
                return nil
            }
            return DeletedRecord(ref: RecordRef(kind, id), title: row["title"] ?? "", at: row["updated_at"])
        }
    }

    public func restore(_ ref: RecordRef) throws -> [String] {
        try store.restore(ref.kind, id: ref.id)
    }
}
