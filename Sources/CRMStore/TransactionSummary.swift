// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Words for one local transaction in `crm undo --list`: a line per record it touched.
struct TransactionSummary {
    var words: ChangeWords

    init(db: Database, timeZoneOffsetSeconds: Int) {
        words = ChangeWords(db: db, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
    }

    /// Describes transaction `tx`, reading at most a few hundred of its entries.
    mutating func describe(_ tx: Int64) throws -> UndoTransaction? {
        let db = words.db
        guard let range = try TransactionLog.range(db, tx) else { return nil }
        let entries = try TransactionLog.entries(db, tx, limit: 500)
        let groups = TransactionUndo.groups(entries).filter { $0.kind != .stageChange }
        var lines: [String] = []
        for group in groups.prefix(UndoTransaction.shownLines) { lines.append(try line(group)) }
        let records =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(DISTINCT entity_id) FROM change_log
                    WHERE device_seq BETWEEN ? AND ? AND entity != 'stage_change'
                    """, arguments: [range.lowerBound, range.upperBound]) ?? groups.count
        return UndoTransaction(
            id: tx, at: entries.first?.hlc.millis ?? 0, undoes: try TransactionLog.undone(by: tx, db),
            changes: lines, more: max(0, records - lines.count))
    }

    private mutating func line(_ group: TransactionUndo.Group) throws -> String {
        let name = try words.record(group.kind, group.entityID)
        let ops = Set(group.entries.map(\.op))
        if ops.contains("create") { return "added \(name)" }
        var parts: [String] = []
        if ops.contains("delete") { parts.append("deleted") }
        if ops.contains("restore") { parts.append("restored") }
        var sets: [String] = []
        var seen: Set<String> = []
        for entry in group.entries where entry.op == "set" {
            guard let field = entry.field, let spec = group.kind.field(field), seen.insert(field).inserted else {
                continue
            }
            let last = group.entries.last { $0.op == "set" && $0.field == field } ?? entry
            let new = (try? FieldValue(json: last.value ?? "null", type: spec.type, field: field)) ?? .null
            let old: String
            switch try TransactionLog.prior(words.db, group.kind, group.entityID, field: field, before: entry.hlc) {
            case .unknown: old = "?"
            case .value(let value): old = try words.value(group.kind, field, value)
            }
            sets.append("\(ChangeWords.field(field)) \(old) → \(try words.value(group.kind, field, new))")
        }
        if !sets.isEmpty { parts.append("edited") }
        let head = parts.joined(separator: " and ") + " " + name
        return sets.isEmpty ? head : head + ": " + sets.joined(separator: "; ")
    }
}
