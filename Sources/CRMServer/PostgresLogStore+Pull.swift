// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

extension PostgresLogStore {
    /// Reads one page: the tenant row and the rows past the instance's tail in one statement
    /// (`PostgresPullStatement`, `PostgresTailPart`); a page that filled up may end inside a tx
    /// group, and is read again in one REPEATABLE READ snapshot that extends it to the group's end.
    public func pull(_ query: PullQuery) async throws -> PullPage {
        // Without a revision to compare, the page always comes back.
        guard let page = try await pull(query, authRevision: nil) else { throw ServerError.internalError() }
        return page
    }

    /// The page, or nil when `authRevision` is given (nil: not compared) and the statement found
    /// the tenant's auth revision another: the kept session the query was made from may have ended.
    private func pull(_ query: PullQuery, authRevision: Int64?) async throws -> PullPage? {
        let part = PostgresTailPart(tail: tail, tenantID: query.tenantID, after: query.after, limit: query.limit)
        let statement = PostgresPullStatement(
            tenantID: query.tenantID, after: query.after, limit: Int64(query.limit), part: part)
        guard let read = try await firstRow(of: statement) else { throw StoreError.tenantNotFound(query.tenantID) }
        if let authRevision, read.authRevision != authRevision { return nil }
        let taken = part.flatMap { $0.used(tenantID: query.tenantID, revision: read.revision) ? $0 : nil }
        return try await page(read.changes, after: taken, head: read.head, revision: read.revision, query: query)
    }

    /// The session and, when it is live, its first page: from a session this instance keeps
    /// (`SessionCache`) in the tenant's statement (`PostgresPullStatement`), believed while the
    /// tenant's auth revision is the one it was read at; otherwise both in one statement
    /// (`PostgresSessionPullStatement`), one round trip either way.
    ///
    /// Without a kept session the tail's part is looked up by the tenant the token was last seen
    /// with (`TokenTenants`); the statement uses it only if the session is still that tenant's.
    public func sessionPull(_ request: SessionPull.Request) async throws -> SessionPull {
        if let kept = sessions.session(tokenHash: request.tokenHash), let revision = kept.authRevision,
            kept.isLive(at: request.now), let page = try await pull(request.query(for: kept), authRevision: revision)
        {
            return SessionPull(session: kept, page: page)
        }
        let part = tokenTenants.tenant(of: request.tokenHash).flatMap {
            PostgresTailPart(tail: tail, tenantID: $0, after: request.after, limit: request.limit)
        }
        let statement = PostgresSessionPullStatement(
            tokenHash: request.tokenHash, after: request.after, limit: Int64(request.limit), now: request.now,
            part: part)
        guard let read = try await firstRow(of: statement), let session = read.session else {
            sessions.forget(tokenHash: request.tokenHash)
            return SessionPull(session: nil, page: nil)
        }
        sessions.keep(session)
        tokenTenants.remember(session.tenantID, of: request.tokenHash)
        guard session.isLive(at: request.now) else { return SessionPull(session: session, page: nil) }
        let query = request.query(for: session)
        // Live by `isLive` but not by the statement's clause (they are one rule): the page on its own.
        guard let head = read.head, let rows = read.page else {
            return SessionPull(session: session, page: try await pull(query))
        }
        let taken = part.flatMap { $0.used(tenantID: session.tenantID, revision: read.revision) ? $0 : nil }
        return SessionPull(
            session: session,
            page: try await page(rows, after: taken, head: head, revision: read.revision, query: query))
    }

    /// The first row `statement` returns, or nil.
    private func firstRow<Statement: PostgresPreparedStatement>(of statement: Statement) async throws
        -> Statement.Row?
    where Statement.Row: Sendable {
        try await withSQL { sql in try await sql.first(statement) }
    }

    /// The page of the tail's `part` (when the statement read past it) and the `read` rows.
    ///
    /// The rows were read after `query.after` in the snapshot that gave `head`; a page that filled
    /// up is read again to the end of its last tx group. Rows read to the snapshot's end join the
    /// tail first, and then the page is taken from the tail: recorded while no pull holds the
    /// run, they are appended in place.
    func page(
        _ read: [StoredChange], after part: PostgresTailPart?, head: TenantHead, revision: Int64, query: PullQuery
    ) async throws -> PullPage {
        try PullPlanner.check(query, head: head)
        // Held rows are committed, so the snapshot reaches them; if not, trust the log alone.
        if let part, head.lastSeq < part.readsAfter { return try await pullInSnapshot(query) }
        let count = (part?.heldCount ?? 0) + read.count
        // A full page may end inside a tx group: the snapshot read extends it.
        guard !PullPlanner.filledUp(count, limit: query.limit) else { return try await pullInSnapshot(query) }
        if !read.isEmpty, read.last?.seq == head.lastSeq {
            tail.record(read, tenantID: query.tenantID, revision: revision)
        }
        guard part != nil else { return PullPlanner.page(read, head: head, query: query) }
        // The run holds the held rows and the ones just recorded, unless another revision or the
        // budget replaced it meanwhile; then the log is read alone.
        guard let run = tail.suffix(tenantID: query.tenantID, after: query.after), run.revision == revision,
            run.rows.count >= count
        else { return try await pullInSnapshot(query) }
        return PullPlanner.page(run.rows.prefix(count), head: head, query: query)
    }
}
