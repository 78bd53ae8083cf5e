// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// One stored record with every schema field: what export, JSON snapshots and merges read.
public struct StoredRecord: Sendable, Equatable {
    public let id: RecordID
    public let num: Int64
    public let deleted: Bool
    public let fields: [String: FieldValue]
}

extension Store {
    /// A page of records of `kind` in local-number order after `afterNum` (keyset paging), with
    /// every schema field decoded as the write path stored it.
    public func records(
        _ kind: EntityKind, afterNum: Int64 = 0, limit: Int, includeDeleted: Bool = false
    ) throws -> [StoredRecord] {
        try read { db in try Self.records(db, kind, afterNum: afterNum, limit: limit, includeDeleted: includeDeleted) }
    }

    /// `records` on an open connection (inside a write transaction, for merges and imports).
    static func records(
        _ db: Database, _ kind: EntityKind, afterNum: Int64 = 0, limit: Int, includeDeleted: Bool = false,
        where condition: String? = nil, arguments: StatementArguments = []
    ) throws -> [StoredRecord] {
        var conditions = ["num > ?"]
        if !includeDeleted { conditions.append("deleted = 0") }
        if let condition { conditions.append("(\(condition))") }
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM \(kind.table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY num LIMIT ?",
            arguments: [afterNum] + arguments + [limit])
        return rows.compactMap { row in
            guard let id = RecordID(row["id"] as String) else { return nil }
            return StoredRecord(
                id: id, num: row["num"], deleted: (row["deleted"] as Int64) != 0,
                fields: ChangeRecorder.values(of: kind, in: row))
        }
    }

    /// A page of `records` with the names behind their references, on one snapshot.
    public func recordsWithNames(_ kind: EntityKind, afterNum: Int64, limit: Int) throws -> (
        [StoredRecord], ReferenceNames
    ) {
        try read { db in
            let records = try Self.records(db, kind, afterNum: afterNum, limit: limit)
            return (records, try ReferenceNames(db: db, records: records))
        }
    }
}
