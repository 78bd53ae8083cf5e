// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import GRDB

extension SQLiteLogStore {
    /// Grouped like pushes (`SQLiteGroupCommitter`): a login storm costs one fsync per group.
    public func createSession(_ session: SessionRecord, deviceName: String) async throws {
        try await committer.write { db in
            try registerDevice(db, session: session, name: deviceName)
            try db.execute(
                sql: """
                    INSERT INTO sessions (token_sha256, tenant_id, user_id, device_id, role, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.tokenHash, session.tenantID, session.userID, session.deviceID, session.role.rawValue,
                    session.createdAt, session.expiresAt,
                ])
        }
    }

    /// Inserts the device, or checks that an existing one belongs to the same user and is live.
    func registerDevice(_ db: Database, session: SessionRecord, name: String) throws {
        let existing = try Row.fetchOne(
            db, sql: "SELECT user_id, revoked_at FROM devices WHERE tenant_id = ? AND id = ?",
            arguments: [session.tenantID, session.deviceID])
        if let existing {
            let owner: String = existing["user_id"]
            let revoked: Int64? = existing["revoked_at"]
            guard owner == session.userID, revoked == nil else { throw StoreError.deviceNotAllowed(session.deviceID) }
            try db.execute(
                sql: "UPDATE devices SET name = ? WHERE tenant_id = ? AND id = ?",
                arguments: [name, session.tenantID, session.deviceID])
        } else {
            try db.execute(
                sql: "INSERT INTO devices (tenant_id, id, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tenantID, session.deviceID, session.userID, name, session.createdAt])
        }
    }

    /// One statement, atomic by itself: read without a transaction (no BEGIN and COMMIT around
    /// it, on every request).
    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await requestStatement { db in try Self.session(in: db, tokenHash: tokenHash) }
    }

    /// The session a push may start with: a kept one (`SessionCache`) live at `now`, or one read
    /// now and kept.
    ///
    /// The push's transaction checks it against the tenant's auth revision before it writes
    /// (`SQLiteLogStore.push`), so a kept session that was revoked meanwhile writes nothing.
    public func pushSession(tokenHash: String, now: Int64) async throws -> SessionRecord? {
        try await sessions.pushSession(tokenHash: tokenHash, now: now) { try await session(tokenHash: tokenHash) }
    }

    /// The session of a token hash with its user's `disabled_at` and its tenant's auth revision,
    /// or nil.
    static func session(in db: Database, tokenHash: String) throws -> SessionRecord? {
        // Every request asks this: the statement is prepared once per connection.
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT s.token_sha256, s.tenant_id, s.user_id, s.device_id, s.role, s.created_at, s.expires_at,
                        s.revoked_at, u.disabled_at, t.auth_revision
                    FROM sessions s LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
                    LEFT JOIN tenants t ON t.id = s.tenant_id
                    WHERE s.token_sha256 = ?
                    """),
            arguments: [tokenHash])
        // Columns by position: by name, GRDB lowercases each name on every read.
        guard let row, let role = Role(rawValue: row[4]) else { return nil }
        return SessionRecord(
            tokenHash: row[0], tenantID: row[1], userID: row[2], deviceID: row[3], role: role, createdAt: row[5],
            expiresAt: row[6], revokedAt: row[7], userDisabledAt: row[8], authRevision: row[9])
    }

    /// `kept` if `authRevision`, its tenant's revision in the caller's transaction, is still the
    /// one it was read at, else the session read now in that transaction (kept in turn, or
    /// forgotten when gone).
    func current(_ kept: SessionRecord, authRevision: Int64?, in db: Database) throws -> SessionRecord? {
        if let revision = kept.authRevision, authRevision == revision { return kept }
        let session = try Self.session(in: db, tokenHash: kept.tokenHash)
        if let session { sessions.keep(session) } else { sessions.forget(tokenHash: kept.tokenHash) }
        return session
    }

    public func revokeSession(tokenHash: String, now: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE sessions SET revoked_at = ? WHERE token_sha256 = ? AND revoked_at IS NULL",
                arguments: [now, tokenHash])
            return db.changesCount > 0
        }
    }

    public func revokeSessions(tenantID: String, userID: String, deviceID: String?, now: Int64) async throws -> Int {
        try await writer.write { db in
            if let deviceID {
                try db.execute(
                    sql: """
                        UPDATE sessions SET revoked_at = ?
                        WHERE tenant_id = ? AND user_id = ? AND device_id = ? AND revoked_at IS NULL
                        """,
                    arguments: [now, tenantID, userID, deviceID])
            } else {
                try db.execute(
                    sql: """
                        UPDATE sessions SET revoked_at = ?
                        WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL
                        """,
                    arguments: [now, tenantID, userID])
            }
            return db.changesCount
        }
    }
}
