// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// Sessions a store has read, kept with the tenant's auth revision they were read at.
///
/// Every push and pull names its token, and reading the session for it (the token's row and its
/// user's) was about 7 % of the SQLite server's CPU at 12,000 devices, and a statement of every
/// push on PostgreSQL (Docs/BENCHMARKS.md, 2026-12-06). A kept session is never trusted alone:
/// the push reads the tenant's `auth_revision` (migration 6) where it writes (on SQLite in its
/// transaction on the writer, on PostgreSQL in the statement its write is guarded by), and the
/// pull with its page (in SQLite's read transaction, in PostgreSQL's one statement); a trigger
/// raises the revision with any revoked session or disabled user, whoever wrote it, and a
/// different revision sends them back to the session's row. Expiry is checked against the clock
/// on every use, as for a session just read. Each PostgreSQL instance keeps its own.
final class SessionCache: Sendable {
    /// How many sessions are kept: past it, the cache starts again empty (every session is read
    /// once more), which costs a read per device, not a wrong answer.
    let capacity: Int
    private let sessions = Mutex<[String: SessionRecord]>([:])

    init(capacity: Int = 200_000) {
        self.capacity = max(1, capacity)
    }

    /// The kept session of a token hash, or nil.
    func session(tokenHash: String) -> SessionRecord? {
        sessions.withLock { $0[tokenHash] }
    }

    /// Keeps `session` if it carries the revision it was read at; forgets its token otherwise.
    func keep(_ session: SessionRecord) {
        sessions.withLock { kept in
            guard session.authRevision != nil else {
                kept[session.tokenHash] = nil
                return
            }
            if kept.count >= capacity, kept[session.tokenHash] == nil { kept.removeAll(keepingCapacity: true) }
            kept[session.tokenHash] = session
        }
    }

    /// The kept session of `tokenHash` if it is live at `now`: what a request may trust without a
    /// read (checked again at its tenant's auth revision where the request reads or writes).
    func liveSession(tokenHash: String, now: Int64) -> SessionRecord? {
        session(tokenHash: tokenHash).flatMap { $0.isLive(at: now) ? $0 : nil }
    }

    /// The session a push is admitted with: the kept one when it is live at `now`, else the one
    /// `read` answers, kept.
    ///
    /// A kept session that is not live is read again rather than refused from memory: a
    /// revocation undone or an expiry moved by hand counts from the next request, as for a
    /// session read every time.
    func pushSession(tokenHash: String, now: Int64, read: () async throws -> SessionRecord?) async throws
        -> SessionRecord?
    {
        if let kept = liveSession(tokenHash: tokenHash, now: now) { return kept }
        let session = try await read()
        if let session { keep(session) }
        return session
    }

    /// Throws the 401 a request with `batch`'s token would get now, given `session`, the session
    /// of `tokenHash` as the push's transaction reads it: ended, or changed since it was admitted.
    static func confirm(_ session: SessionRecord?, tokenHash: String, for batch: PushBatch) throws {
        let identity = try BearerAuthMiddleware.identity(session, tokenHash: tokenHash, now: batch.now)
        guard identity.tenantID == batch.tenantID, identity.userID == batch.userID,
            identity.deviceID == batch.deviceID, identity.role == batch.role
        else { throw ServerError.unauthorized("this token changed; log in again with `crm sync login`") }
    }

    /// Forgets the session of a token hash (gone, or read again at another revision).
    func forget(tokenHash: String) {
        _ = sessions.withLock { $0.removeValue(forKey: tokenHash) }
    }

    /// How many sessions are kept (for tests).
    var count: Int { sessions.withLock { $0.count } }
}
