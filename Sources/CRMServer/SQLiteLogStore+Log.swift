// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import GRDB

extension SQLiteLogStore {
    /// Applies the push in its own savepoint of the next group transaction (`SQLiteGroupCommitter`).
    ///
    /// It returns once that transaction committed: a refused push rolls back alone. Its log rows
    /// go to the tail (`TenantTail`) before that COMMIT, on the writer's thread and in seq order,
    /// so that a pull never finds its tenant's head past the tail's end; a pull reads no row past
    /// its snapshot's `last_seq`, so rows not yet committed are never answered, and if the COMMIT
    /// fails the tenant's rows are forgotten before the writer takes the next group.
    public func push(_ batch: PushBatch) async throws -> PushOutcome {
        try await withCheckedContinuation { continuation in
            _ = submitPush(batch) { continuation.resume(returning: $0) }
        }.get()
    }

    /// `push` answered by callback once its group committed or failed (`SQLiteGroupCommitter.submit`).
    public func submitPush(_ batch: PushBatch, completion: @escaping @Sendable (Result<PushOutcome, any Error>) -> Void)
        -> Bool
    {
        let tail = tail
        committer.submit(
            { db in
                // The plan's head and both revisions in one read of the tenant's row: a push only
                // appends to the log, so the log's revision read before the plan is the one after.
                let scope = SQLiteTenantPushScope(db: db, tenantID: batch.tenantID)
                let head = try scope.readHead()
                if let admitted = batch.session {
                    try check(admitted, for: batch, authRevision: head.authRevision, in: db)
                }
                let plan = try scope.run(batch, head: head)
                return Written(plan: plan, rows: plan.storedChanges, logRevision: head.logRevision)
            },
            publish: { written in
                if !written.rows.isEmpty {
                    tail.record(written.rows, tenantID: batch.tenantID, revision: written.logRevision)
                }
            },
            withdraw: { written in
                if !written.rows.isEmpty { tail.forget(tenantID: batch.tenantID) }
            },
            completion: { completion($0.map(\.plan.outcome)) })
        return true
    }

    /// A push's plan, its log rows as the tail keeps them, and the tenant's log revision.
    private struct Written: Sendable {
        var plan: PushPlan
        var rows: [StoredChange]
        var logRevision: Int64
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
    /// A kept session is trusted at its tenant's auth revision, read with the head the page needs
    /// in one statement; at another revision, or when the kept one is not live, the session is
    /// read again, as for a push (`SessionCache.pushSession`).
    public func sessionPull(_ request: SessionPull.Request) async throws -> SessionPull {
        let kept = keptSession(tokenHash: request.tokenHash, now: request.now)
        return try await requestRead { db in try sessionPull(in: db, request, kept: kept) }
    }

    /// `sessionPull` on the caller's thread, on a connection of the request readers; nil without
    /// them (a store opened in memory or on another writer).
    public func sessionPullInPlace(_ request: SessionPull.Request) throws -> SessionPull? {
        guard let requestReader else { return nil }
        let kept = keptSession(tokenHash: request.tokenHash, now: request.now)
        return try Self.readHere(requestReader) { db in try sessionPull(in: db, request, kept: kept) }
    }

    public var readsInPlace: Bool { requestReader != nil }

    /// The session kept for `tokenHash`, if it is live at `now`: the one `pushSession` returns
    /// without a read, and a pull's starting point (`sessionPull`).
    public func keptSession(tokenHash: String, now: Int64) -> SessionRecord? {
        sessions.liveSession(tokenHash: tokenHash, now: now)
    }

    private func sessionPull(in db: Database, _ request: SessionPull.Request, kept: SessionRecord?) throws
        -> SessionPull
    {
        let session: SessionRecord?
        if let kept {
            let head = try Self.head(db, tenantID: kept.tenantID)
            if let head, let revision = kept.authRevision, head.authRevision == revision {
                return SessionPull(session: kept, page: try pull(in: db, request.query(for: kept), head: head))
            }
            session = try current(kept, authRevision: head?.authRevision, in: db)
        } else {
            session = try Self.session(in: db, tokenHash: request.tokenHash)
            if let session { sessions.keep(session) }
        }
        guard let session, session.isLive(at: request.now) else {
            return SessionPull(session: session, page: nil)
        }
        return SessionPull(session: session, page: try pull(in: db, request.query(for: session)))
    }

    /// A tenant's row as a pull reads it: the page's head, and the revisions that say whether a
    /// kept session (auth) and the tail's rows (log) still hold.
    struct PullHead {
        var head: TenantHead
        var authRevision: Int64
        var logRevision: Int64
    }

    /// The tenant's row in the caller's snapshot, or nil for an unknown tenant.
    static func head(_ db: Database, tenantID: String) throws -> PullHead? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT last_seq, epoch, min_retained_seq, team_version, auth_revision, log_revision
                FROM tenants WHERE id = ?
                """)
        let head = try SQLiteDirectRead.first(statement, [.text(tenantID)]) { row in
            PullHead(
                head: TenantHead(
                    lastSeq: row.int64(0), epoch: row.text(1), minRetainedSeq: row.int64(2), teamVersion: row.int64(3)),
                authRevision: row.int64(4), logRevision: row.int64(5))
        }
        return head
    }

    /// A page of the tenant's log, extended to its last tx group's end, in the caller's snapshot.
    func pull(in db: Database, _ query: PullQuery) throws -> PullPage {
        guard let head = try Self.head(db, tenantID: query.tenantID) else {
            throw StoreError.tenantNotFound(query.tenantID)
        }
        return try pull(in: db, query, head: head)
    }

    /// The page of `query` in the snapshot `read` was read in.
    private func pull(in db: Database, _ query: PullQuery, head read: PullHead) throws -> PullPage {
        let head = read.head
        try PullPlanner.check(query, head: head)
        let revision = read.logRevision
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

    /// One page, read straight from SQLite's statement (`SQLiteDirectRead`) with columns by index.
    func page(_ db: Database, tenantID: String, after: Int64, limit: Int) throws -> [StoredChange] {
        let statement = try db.cachedStatement(
            sql:
                "SELECT \(PullPlanner.changeColumns) FROM changes WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?"
        )
        var changes: [StoredChange] = []
        changes.reserveCapacity(min(limit, 1000))
        try SQLiteDirectRead.each(statement, [.text(tenantID), .integer(after), .integer(Int64(limit))]) { row in
            changes.append(try Self.storedChange(row))
        }
        return changes
    }

    /// A row of `PullPlanner.changeColumns` as a stored change, its value left as stored JSON text.
    static func storedChange(_ row: SQLiteDirectRead.Columns) throws -> StoredChange {
        let opText = row.text(9)
        guard let op = WireOp(rawValue: opText) else {
            throw StoreError.invalidBatch("stored change has unknown op '\(opText)'")
        }
        return StoredChange(
            seq: row.int64(0), changeID: row.text(1), deviceID: row.text(2), deviceSeq: row.int64(3),
            txID: row.int64(4), hlc: row.text(5), baseHLC: row.optionalText(6), entity: row.text(7),
            entityID: row.text(8), op: op, field: row.optionalText(10), valueJSON: row.text(11),
            userID: row.text(12), scope: row.optionalText(13))
    }
}
