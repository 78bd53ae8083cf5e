// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// Sessions the SQLite store has read, kept with the tenant's auth revision they were read at.
///
/// Every push and pull names its token, and reading the session for it (the token's row and its
/// user's) was about 7 % of the server's CPU at 12,000 devices (Docs/BENCHMARKS.md, 2026-12-06,
/// eleventh session). A kept session is never trusted alone: the push's transaction on the writer
/// and the pull's read transaction both read the tenant's `auth_revision` (migration 6), which a
/// trigger raises with any revoked session or disabled user, whoever wrote it, and a different
/// revision sends them back to the session's row. Expiry is checked against the clock on every
/// use, as for a session just read.
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

    /// Forgets the session of a token hash (gone, or read again at another revision).
    func forget(tokenHash: String) {
        _ = sessions.withLock { $0.removeValue(forKey: tokenHash) }
    }

    /// How many sessions are kept (for tests).
    var count: Int { sessions.withLock { $0.count } }
}
