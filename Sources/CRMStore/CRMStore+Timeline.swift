// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension CRMStore {
    /// A record's history, newest first: its own changes, its stage moves, and linked activities.
    public func timeline(_ kind: EntityKind, id: RecordID, limit: Int = 100) throws -> [TimelineEntry] {
        let activities = try activities(linkedTo: kind, id: id, limit: limit).map { activity in
            TimelineEntry(
                at: activity.createdAt, source: .activity, action: activity.kind.rawValue,
                summary: activity.subject + (activity.done ? " (done)" : ""))
        }
        let changes = try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT hlc, op, field, value FROM (
                        SELECT hlc, op, field, value FROM change_log WHERE entity_id = ?
                        UNION ALL
                        SELECT hlc, op, field, value FROM remote_log WHERE entity_id = ?)
                    WHERE NOT (op = 'set' AND field = 'created_at')
                    ORDER BY hlc DESC LIMIT ?
                    """, arguments: [id.rawValue, id.rawValue, limit * 4])
            return Self.collapse(rows)
        }
        let stageMoves = kind == .deal ? try stageMoveEntries(id) : []
        let merged = (activities + changes + stageMoves).sorted { $0.at > $1.at }
        return Array(merged.prefix(limit))
    }

    /// Groups the per-field entries of one write (same HLC) into a single line.
    static func collapse(_ rows: [Row]) -> [TimelineEntry] {
        var entries: [TimelineEntry] = []
        var index = 0
        while index < rows.count {
            let hlc: Int64 = rows[index]["hlc"]
            var group: [Row] = []
            while index < rows.count, rows[index]["hlc"] as Int64 == hlc {
                group.append(rows[index])
                index += 1
            }
            let ops = Set(group.map { $0["op"] as String })
            let at = HLC(rawValue: hlc).millis
            if ops.contains("create") {
                entries.append(TimelineEntry(at: at, source: .change, action: "create", summary: "created"))
            } else if ops.contains("delete") || ops.contains("restore") {
                let op = ops.contains("delete") ? "delete" : "restore"
                entries.append(
                    TimelineEntry(at: at, source: .change, action: op, summary: op == "delete" ? "deleted" : "restored")
                )
            } else {
                let parts = group.reversed().map { row -> String in
                    let field: String = row["field"] ?? "?"
                    let value: String = row["value"] ?? "null"
                    return "\(field) → \(value.count > 40 ? String(value.prefix(40)) + "…" : value)"
                }
                entries.append(
                    TimelineEntry(at: at, source: .change, action: "set", summary: parts.joined(separator: ", ")))
            }
        }
        return entries
    }

    private func stageMoveEntries(_ dealID: RecordID) throws -> [TimelineEntry] {
        let names = Dictionary(try stages().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return try stageHistory(dealID).map { change in
            let from = change.fromStageID.flatMap { names[$0] } ?? "—"
            let to = names[change.toStageID] ?? "(deleted stage)"
            return TimelineEntry(at: change.at, source: .change, action: "stage", summary: "stage \(from) → \(to)")
        }
    }
}
