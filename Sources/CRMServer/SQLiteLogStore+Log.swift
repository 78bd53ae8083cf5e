// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import GRDB

extension SQLiteLogStore {
    /// Applies the push in its own savepoint of the next group transaction (`SQLiteGroupCommitter`).
    ///
    /// It returns once that transaction committed: a refused push rolls back alone. Its log rows
    /// go to the tail (`TenantTail`) only then, built on the caller's thread rather than the
    /// writer's.
    public func push(_ batch: PushBatch) async throws -> PushOutcome {
        let (plan, revision) = try await committer.write { db in
            // Both revisions in one read of the tenant's row: a push only appends to the log, so
            // the log's revision read before the plan is the one after it.
            let revisions = try Self.revisions(db, tenantID: batch.tenantID)
            if let admitted = batch.session { try check(admitted, for: batch, authRevision: revisions.auth, in: db) }
            let plan = try SQLiteTenantPushScope(db: db, tenantID: batch.tenantID).run(batch)
            return (plan, revisions.log)
        }
        if !plan.appends.isEmpty { tail.record(plan.storedChanges, tenantID: batch.tenantID, revision: revision) }
        return plan.outcome
    }

    /// Throws the 401 a request with the push's token would get now, in the push's transaction,
    /// if the session it was admitted with ended or changed since it was read.
    private func check(_ admitted: SessionRecord, for batch: PushBatch, authRevision: Int64, in db: Database) throws {
        try SessionCache.confirm(
            try current(admitted, authRevision: authRevision, in: db), tokenHash: admitted.tokenHash, for: batch)
    }

    public func pull(_ query: PullQuery) async throws -> PullPage {
        try await requestRead { db in try pull(in: db, query) }
    }

    /// The session and, when it is live, its page in one read transaction on one connection:
    /// one pool checkout and one WAL snapshot for an authenticated pull, not two.
    ///
    /// A kept session that is not live is read again, as for a push (`SessionCache.pushSession`).
    public func sessionPull(_ request: SessionPull.Request) async throws -> SessionPull {
        let kept = sessions.session(tokenHash: request.tokenHash).flatMap { $0.isLive(at: request.now) ? $0 : nil }
        return try await requestRead { db in
            let session =
                try kept.map { try current($0, authRevision: Self.authRevision(in: db, tenantID: $0.tenantID), in: db) }
                ?? Self.session(in: db, tokenHash: request.tokenHash)
            if kept == nil, let session { sessions.keep(session) }
            guard let session, session.isLive(at: request.now) else {
                return SessionPull(session: session, page: nil)
            }
            return SessionPull(session: session, page: try pull(in: db, request.query(for: session)))
        }
    }

    /// A page of the tenant's log, extended to its last tx group's end, in the caller's snapshot.
    func pull(in db: Database, _ query: PullQuery) throws -> PullPage {
        guard
            let tenant = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT last_seq, epoch, min_retained_seq, team_version, log_revision FROM tenants WHERE id = ?"
                ),
                arguments: [query.tenantID])
        else { throw StoreError.tenantNotFound(query.tenantID) }
        // Columns by position: by name, GRDB lowercases each name on every read.
        let head = TenantHead(
            lastSeq: tenant[0], epoch: tenant[1], minRetainedSeq: tenant[2], teamVersion: tenant[3])
        try PullPlanner.check(query, head: head)
        let revision: Int64 = tenant[4]
        if let rows = tail.scan(
            tenantID: query.tenantID, after: query.after, limit: query.limit, through: head.lastSeq, revision: revision)
        {
            return PullPlanner.page(rows, head: head, query: query)
        }
        var rows = try page(db, tenantID: query.tenantID, after: query.after, limit: query.limit)
        var cursor = PullPlanner.continuation(of: rows, limit: query.limit)
        var reads = 0
        while let after = cursor {
            let size = PullPlanner.groupReadSize(after: reads)
            let more = try page(db, tenantID: query.tenantID, after: after, limit: size)
            reads += 1
            cursor = PullPlanner.extend(&rows, with: more)
        }
        // Rows read up to the snapshot's end are the log's newest: the next pulls may take them
        // from the tail.
        if rows.last?.seq == head.lastSeq { tail.record(rows, tenantID: query.tenantID, revision: revision) }
        return PullPlanner.page(rows, head: head, query: query)
    }

    /// The tenant's auth revision (`authRevisionSchema`) and log revision (`logRevisionSchema`)
    /// in the caller's transaction.
    static func revisions(_ db: Database, tenantID: String) throws -> (auth: Int64, log: Int64) {
        let statement = try db.cachedStatement(sql: "SELECT auth_revision, log_revision FROM tenants WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [tenantID]) else {
            throw StoreError.tenantNotFound(tenantID)
        }
        return (row[0], row[1])
    }

    /// One page, read through a cursor (no row is copied) with columns by index.
    func page(_ db: Database, tenantID: String, after: Int64, limit: Int) throws -> [StoredChange] {
        let statement = try db.cachedStatement(
            sql:
                "SELECT \(PullPlanner.changeColumns) FROM changes WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?"
        )
        var changes: [StoredChange] = []
        changes.reserveCapacity(min(limit, 1000))
        let rows = try Row.fetchCursor(statement, arguments: [tenantID, after, limit])
        while let row = try rows.next() { changes.append(try Self.storedChange(row)) }
        return changes
    }

    /// A row of `PullPlanner.changeColumns` as a stored change, its value left as stored JSON text.
    static func storedChange(_ row: Row) throws -> StoredChange {
        let opText: String = row[9]
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        return StoredChange(
            seq: row[0], changeID: row[1], deviceID: row[2], deviceSeq: row[3], txID: row[4], hlc: row[5],
            baseHLC: row[6], entity: row[7], entityID: row[8], op: op, field: row[10], valueJSON: row[11],
            userID: row[12], scope: row[13])
    }
}
