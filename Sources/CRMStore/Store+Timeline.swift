// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// A record's history, newest first: its own changes, its stage moves, and linked activities.
    ///
    /// Every change says who made it (this device's user for its own log, the server's author
    /// for pulled changes) and shows the old and the new value as people read them: names for
    /// references, local times (`timeZoneOffsetSeconds` east of UTC) for timestamps, formatted
    /// money. Never an id or an epoch.
    public func timeline(
        _ kind: EntityKind, id: RecordID, limit: Int = 100, timeZoneOffsetSeconds: Int = 0
    ) throws -> [TimelineEntry] {
        let activities = try activities(linkedTo: kind, id: id, limit: limit).map { activity in
            TimelineEntry(
                at: activity.createdAt, source: .activity, action: activity.kind.rawValue,
                summary: activity.subject + (activity.done ? " (done)" : ""))
        }
        let changes = try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT hlc, op, field, value, author, own FROM (
                        SELECT hlc, op, field, value, NULL AS author, 1 AS own FROM change_log WHERE entity_id = ?
                        UNION ALL
                        SELECT hlc, op, field, value, user_id AS author, 0 AS own FROM remote_log WHERE entity_id = ?)
                    WHERE NOT (op = 'set' AND field = 'created_at')
                    ORDER BY hlc DESC LIMIT ?
                    """, arguments: [id.rawValue, id.rawValue, limit * 4])
            var values = TimelineValues(db: db, kind: kind, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
            let me = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'current_user'")
            return try Self.collapse(rows.reversed(), values: &values, me: me).reversed()
        }
        let stageMoves = kind == .deal ? try stageMoveEntries(id) : []
        let merged = (activities + changes + stageMoves).sorted { $0.at > $1.at }
        return Array(merged.prefix(limit))
    }

    /// Groups the per-field entries of one write (same HLC) into a single line, oldest first,
    /// keeping each field's value as it goes so every line can show old → new.
    static func collapse(_ rows: [Row], values: inout TimelineValues, me: String?) throws -> [TimelineEntry] {
        var entries: [TimelineEntry] = []
        var current: [String: String?] = [:]
        var index = 0
        while index < rows.count {
            let hlc: Int64 = rows[index]["hlc"]
            var group: [Row] = []
            while index < rows.count, rows[index]["hlc"] as Int64 == hlc {
                group.append(rows[index])
                index += 1
            }
            let own = (group[0]["own"] as Int64) == 1
            let author = try values.user(own ? me : group[0]["author"], fallback: own ? "you" : "a teammate")
            let at = HLC(rawValue: hlc).millis
            let ops = Set(group.map { $0["op"] as String })
            if ops.contains("create") {
                for row in group where row["op"] as String == "create" {
                    for (field, value) in values.initialFields(row["value"]) { current[field] = value }
                }
                entries.append(
                    TimelineEntry(at: at, source: .change, action: "create", summary: "created", author: author))
            } else if ops.contains("delete") || ops.contains("restore") {
                let op = ops.contains("delete") ? "delete" : "restore"
                entries.append(
                    TimelineEntry(
                        at: at, source: .change, action: op, summary: op == "delete" ? "deleted" : "restored",
                        author: author))
            } else {
                var parts: [String] = []
                for row in group {
                    let field: String = row["field"] ?? "?"
                    let new: String? = row["value"]
                    defer { current[field] = new }
                    if values.kind == .deal && field == "stage_id" { continue }  // the stage move line says it
                    let old = current[field] ?? nil
                    parts.append(
                        "\(TimelineValues.label(field)): \(try values.text(field, old)) → \(try values.text(field, new))"
                    )
                }
                guard !parts.isEmpty else { continue }
                entries.append(
                    TimelineEntry(
                        at: at, source: .change, action: "set", summary: parts.joined(separator: ", "), author: author))
            }
        }
        return entries
    }

    private func stageMoveEntries(_ dealID: RecordID) throws -> [TimelineEntry] {
        let names = Dictionary(try stages().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let people = try userNames()
        return try stageHistory(dealID).map { change in
            let from = change.fromStageID.flatMap { names[$0] } ?? "—"
            let to = names[change.toStageID] ?? "(deleted stage)"
            return TimelineEntry(
                at: change.at, source: .change, action: "stage", summary: "stage \(from) → \(to)",
                author: change.userID.map { people[$0] ?? "(unknown user)" })
        }
    }
}
