// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Applies one action to every record in `ids`, in ONE write transaction; returns how many changed.
    ///
    /// One transaction is what makes it one undo, and all or nothing: a record that is missing or
    /// deleted fails the whole action with its handle, before anything is written. Each record
    /// takes the same path as the single-record command, so the SLA rules, stage history, search
    /// index and change log are the same as ten thousand single commands, at the cost of one commit.
    ///
    /// ```swift
    /// let changed = try store.bulk(ids, of: .deal, .stage(qualified))
    /// ```
    @discardableResult
    public func bulk(_ ids: [RecordID], of kind: EntityKind, _ action: BulkAction) throws -> Int {
        guard action.kinds.contains(kind) else {
            throw StoreError.conflict(
                "\(action.label) applies to \(action.kinds.map(\.plural).joined(separator: ", ")), not \(kind.plural)")
        }
        var seen = Set<RecordID>()
        let unique = ids.filter { seen.insert($0).inserted }
        // Thousands of records dirty pages of every index of their table at random places: with
        // the everyday 64 MiB cache SQLite spills them to the log in mid-transaction and reads
        // them back. A large action gets a bulk load's cache for its duration (CPU of a 10,000-deal
        // move at 1,000,000 deals: 1.84 → 1.58 s); the cache shrinks back after.
        let large = unique.count >= 1_000
        if large { try tuneWriter(cacheKiB: Self.bulkCacheKiB) }
        defer { if large { try? tuneWriter(cacheKiB: Self.normalCacheKiB) } }
        return try write { recorder in
            var target: PipelineStage?
            if case .stage(let stageID) = action { target = try Self.stage(recorder.db, stageID) }
            var changed = 0
            for id in unique where try Self.apply(action, to: id, of: kind, target: target, in: recorder) {
                changed += 1
            }
            return changed
        }
    }

    /// The ids of the live records of `kind` whose fields equal every value in `filter`: what
    /// `--where` selects for a bulk action.
    ///
    /// Text compares without case; `tags` holds a record that has that tag among others. The
    /// field names are the schema's (`stage_id`, `owner_id`, `status`), so a wrong one names the
    /// fields there are.
    public func ids(of kind: EntityKind, where filter: [String: FieldValue]) throws -> [RecordID] {
        var conditions = ["deleted = 0"]
        var arguments: StatementArguments = []
        for (name, value) in filter.sorted(by: { $0.key < $1.key }) {
            guard let spec = kind.field(name) else { throw StoreError.unknownField(kind: kind, field: name) }
            switch value {
            case .null:
                conditions.append("\(name) IS NULL")
            case .tags(let tags):
                for tag in tags {
                    conditions.append("EXISTS (SELECT 1 FROM json_each(\(name)) WHERE value = ?)")
                    arguments += [tag]
                }
            default:
                let columns = FieldColumns.columns(of: spec)
                let values = FieldColumns.databaseValues(value, spec: spec)
                for (column, dbValue) in zip(columns, values) {
                    conditions.append("\(column) = ? COLLATE NOCASE")
                    arguments += [dbValue]
                }
            }
        }
        let sql = "SELECT id FROM \(kind.table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY num"
        return try read { db in try String.fetchAll(db, sql: sql, arguments: arguments).compactMap(RecordID.init) }
    }

    private static func apply(
        _ action: BulkAction, to id: RecordID, of kind: EntityKind, target: PipelineStage?, in recorder: ChangeRecorder
    ) throws -> Bool {
        // A deal move checks its deal itself; the rest need the record live (a tag also needs its tags).
        var movesDeal = false
        if case .stage = action { movesDeal = true }
        if !movesDeal, try !isLive(recorder.db, kind, id) {
            throw StoreError.notFound(kind: kind, handle: id.rawValue)
        }
        switch action {
        case .assign(let user):
            let column = kind == .supportCase ? "assignee_id" : "owner_id"
            return try recorder.update(kind, id: id, [column: user.map { .text($0.rawValue) } ?? .null])
        case .status(let status):
            return try setCaseStatus(id, status, in: recorder)
        case .priority(let priority):
            return try setCasePriority(id, priority, in: recorder)
        case .stage(let stage):
            return try moveDeal(id, to: stage, lostReason: nil, target: target, in: recorder)
        case .tag(let tag):
            var tags: [String] = []
            if case .tags(let current) = try recorder.record(kind, id)?.fields["tags"] { tags = current }
            guard !tags.contains(tag.name) else { return false }
            return try recorder.update(kind, id: id, ["tags": .tags(try Tag.normalize(tags + [tag.name]))])
        case .delete:
            try recorder.delete(kind, id: id)
            return true
        }
    }

    /// Whether the record exists and is not deleted: one cached statement, since a bulk action asks 10,000 times.
    private static func isLive(_ db: Database, _ kind: EntityKind, _ id: RecordID) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT deleted FROM \(kind.table) WHERE id = ?")
        return try Int64.fetchOne(statement, arguments: [id.rawValue]) == 0
    }
}
