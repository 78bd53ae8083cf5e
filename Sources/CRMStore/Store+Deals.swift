// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Creates a deal and records its entry into the first stage (the funnel counts it there).
    @discardableResult
    public func addDeal(_ fields: [String: FieldValue], id: RecordID = .make()) throws -> RecordID {
        try write { recorder in
            try Self.addDeal(fields, id: id, in: recorder)
            return id
        }
    }

    /// `addDeal` inside an open transaction (import, demo).
    public static func addDeal(_ fields: [String: FieldValue], id: RecordID, in recorder: ChangeRecorder) throws {
        var fields = fields
        if fields["stage_id"] == nil {
            fields["stage_id"] = .text(try firstOpenStage(recorder.db).id.rawValue)
        }
        guard let stageText = fields["stage_id"]?.text, let stageID = RecordID(stageText) else {
            throw StoreError.missingRequired(kind: .deal, field: "stage_id")
        }
        let stage = try stage(recorder.db, stageID)
        if stage.kind == .open {
            fields["closed_at"] = nil  // an open deal is not closed, whatever a file said
        } else if (fields["closed_at"] ?? .null) == .null {
            fields["closed_at"] = .integer(recorder.nowMillis)
        }
        try recorder.create(.deal, id: id, fields)
        var from: FieldValue = .null
        for (stageID, at) in try history(of: fields, finalStage: stage, in: recorder) {
            try recorder.create(
                .stageChange, id: recorder.newID(),
                [
                    "deal_id": .text(id.rawValue), "from_stage_id": from, "to_stage_id": .text(stageID.rawValue),
                    "created_at": at,
                ])
            from = .text(stageID.rawValue)
        }
    }

    /// The stage moves a new deal's history starts with.
    ///
    /// A deal created in its stage: one entry at its creation. A deal that arrives already won or
    /// lost with a creation before its close (an import of another CRM's history): created in the
    /// first open stage, then moved to the final stage when it closed, so the funnel, cycle and
    /// forecast by month come out as in the source.
    static func history(of fields: [String: FieldValue], finalStage: PipelineStage, in recorder: ChangeRecorder)
        throws -> [(RecordID, FieldValue)]
    {
        let created = fields["created_at"] ?? .integer(recorder.nowMillis)
        guard finalStage.kind != .open, case .integer(let start) = created,
            case .integer(let closed) = fields["closed_at"] ?? .null, start < closed
        else { return [(finalStage.id, created)] }
        let first = try firstOpenStage(recorder.db)
        return [(first.id, created), (finalStage.id, .integer(closed))]
    }

    /// Moves a deal to another stage, stamping or clearing its close time and recording history.
    ///
    /// Moving into a won or lost stage closes the deal; moving back to an open stage reopens it.
    public func moveDeal(_ id: RecordID, to stageID: RecordID, lostReason: String? = nil) throws {
        try write { recorder in try Self.moveDeal(id, to: stageID, lostReason: lostReason, in: recorder) }
    }

    /// `moveDeal` inside an open write transaction (one deal of a bulk move); true when it changed.
    ///
    /// A bulk move passes the `target` stage it looked up once, instead of once per deal.
    @discardableResult
    static func moveDeal(
        _ id: RecordID, to stageID: RecordID, lostReason: String?, target: PipelineStage? = nil,
        in recorder: ChangeRecorder
    ) throws -> Bool {
        let db = recorder.db
        guard
            let from = try String.fetchOne(
                db.cachedStatement(sql: "SELECT stage_id FROM deals WHERE id = ? AND deleted = 0"),
                arguments: [id.rawValue])
        else { throw StoreError.notFound(kind: .deal, handle: id.rawValue) }
        guard from != stageID.rawValue else {
            guard let lostReason else { return false }
            return try recorder.update(.deal, id: id, ["lost_reason": .text(lostReason)])
        }
        let target = try target ?? stage(db, stageID)
        var fields: [String: FieldValue] = ["stage_id": .text(stageID.rawValue)]
        fields["closed_at"] = target.kind == .open ? .null : .integer(recorder.nowMillis)
        if let lostReason { fields["lost_reason"] = .text(lostReason) }
        try recorder.update(.deal, id: id, fields)
        try recorder.create(
            .stageChange, id: recorder.newID(),
            [
                "deal_id": .text(id.rawValue), "from_stage_id": .text(from), "to_stage_id": .text(stageID.rawValue),
                "user_id": try currentUserID(db).map { .text($0) } ?? .null,
            ])
        return true
    }

    /// Moves a deal to the first stage of the given kind (won or lost).
    public func closeDeal(_ id: RecordID, as kind: StageKind, reason: String? = nil) throws {
        let target = try stages().first { $0.kind == kind }
        guard let target else {
            throw StoreError.conflict("the pipeline has no \(kind.rawValue) stage; add one with crm stage add")
        }
        try moveDeal(id, to: target.id, lostReason: reason)
    }

    /// One deal with its stage, company and contact names.
    public func deal(_ id: RecordID) throws -> Deal {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "\(RecordDecoding.dealSelect) WHERE d.id = ?", arguments: [id.rawValue])
            else { throw StoreError.notFound(kind: .deal, handle: id.rawValue) }
            return RecordDecoding.deal(row)
        }
    }

    /// A page of live deals, newest first, optionally in one stage.
    ///
    /// `before` is the last num seen (the next, older page); `after` the first num seen (the
    /// previous, newer page, read backward on the same index and returned newest first).
    public func deals(
        stageID: RecordID? = nil, owner: PersonFilter? = nil, before num: Int64? = nil, after newer: Int64? = nil,
        limit: Int
    ) throws -> [Deal] {
        try read { db in
            var conditions = ["d.deleted = 0"]
            var arguments: StatementArguments = []
            if let stageID {
                conditions.append("d.stage_id = ?")
                arguments += [stageID.rawValue]
            }
            if let owner {
                conditions.append(owner.condition("d.owner_id"))
                arguments += owner.arguments
            }
            if let num {
                conditions.append("d.num < ?")
                arguments += [num]
            }
            if let newer {
                conditions.append("d.num > ?")
                arguments += [newer]
            }
            arguments += [limit]
            let order = newer == nil ? "d.num DESC" : "d.num ASC"
            let sql =
                "\(RecordDecoding.dealSelect) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?"
            let deals = try Row.fetchAll(db, sql: sql, arguments: arguments).map(RecordDecoding.deal)
            return newer == nil ? deals : deals.reversed()
        }
    }

    /// Open-pipeline totals of one stage per currency: the board's column header.
    ///
    /// Read from the `deal_totals` summary the triggers keep (Docs/ANALYTICS.md), a few rows per
    /// day of creation, instead of every deal in the stage: the dashboard sums every stage when it
    /// opens, which at a million deals was a scan of them all (seconds).
    public func stageTotals(_ stageID: RecordID) throws -> (count: Int, amounts: [Money]) {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT currency, SUM(deals) AS n, SUM(amount) AS total FROM deal_totals
                    WHERE stage_id = ? GROUP BY currency HAVING SUM(deals) > 0 ORDER BY currency
                    """, arguments: [stageID.rawValue])
            let count = rows.reduce(0) { $0 + ($1["n"] as Int) }
            let amounts = rows.compactMap { row -> Money? in
                guard let currency = try? Currency(row["currency"] as String) else { return nil }
                return Money(minorUnits: row["total"], currency: currency)
            }
            return (count, amounts)
        }
    }

    /// The pipeline's stages in board order.
    public func stages() throws -> [PipelineStage] {
        try read { db in try Self.stages(db) }
    }

    static func stages(_ db: Database) throws -> [PipelineStage] {
        try Row.fetchAll(db, sql: "SELECT * FROM stages WHERE deleted = 0 ORDER BY position, num").map(
            RecordDecoding.stage)
    }

    static func stage(_ db: Database, _ id: RecordID) throws -> PipelineStage {
        let statement = try db.cachedStatement(sql: "SELECT * FROM stages WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id.rawValue]) else {
            throw StoreError.notFound(kind: .stage, handle: id.rawValue)
        }
        return RecordDecoding.stage(row)
    }

    static func firstOpenStage(_ db: Database) throws -> PipelineStage {
        guard let stage = try stages(db).first(where: { $0.kind == .open }) else {
            throw StoreError.conflict("the pipeline has no open stage; add one with crm stage add")
        }
        return stage
    }

    static func currentUserID(_ db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE key = 'current_user'"))
    }

    /// The stage history of one deal, oldest first.
    public func stageHistory(_ dealID: RecordID) throws -> [StageChange] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM stage_history WHERE deal_id = ? AND deleted = 0 ORDER BY created_at, num",
                arguments: [dealID.rawValue]
            ).compactMap { row in
                guard let id = RecordDecoding.id(row, "id"), let to = RecordDecoding.id(row, "to_stage_id") else {
                    return nil
                }
                return StageChange(
                    id: id, dealID: dealID, fromStageID: RecordDecoding.id(row, "from_stage_id"), toStageID: to,
                    at: row["created_at"] ?? 0, userID: RecordDecoding.id(row, "user_id"))
            }
        }
    }
}
