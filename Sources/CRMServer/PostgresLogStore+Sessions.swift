// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

extension PostgresLogStore {
    public func createSession(_ session: SessionRecord, deviceName: String) async throws {
        try await transaction { sql in
            try await registerDevice(sql, session: session, name: deviceName)
            try await sql.run(
                """
                INSERT INTO sessions (token_sha256, tenant_id, user_id, device_id, role, created_at, expires_at)
                VALUES (\(session.tokenHash), \(session.tenantID), \(session.userID), \(session.deviceID),
                    \(session.role.rawValue), \(session.createdAt), \(session.expiresAt))
                """)
        }
    }

    /// Inserts the device, or checks that an existing one belongs to the same user and is live.
    ///
    /// The row is locked (`FOR UPDATE`) so two logins racing for one device id agree on its owner.
    func registerDevice(_ sql: PostgresExecutor, session: SessionRecord, name: String) async throws {
        try await sql.run(
            """
            INSERT INTO devices (tenant_id, id, user_id, name, created_at)
            VALUES (\(session.tenantID), \(session.deviceID), \(session.userID), \(name), \(session.createdAt))
            ON CONFLICT (tenant_id, id) DO NOTHING
            """)
        let existing = try await sql.row(
            """
            SELECT user_id, revoked_at FROM devices
            WHERE tenant_id = \(session.tenantID) AND id = \(session.deviceID) FOR UPDATE
            """)
        guard let existing, try existing.value("user_id", as: String.self) == session.userID,
            try existing.value("revoked_at", as: Int64?.self) == nil
        else { throw StoreError.deviceNotAllowed(session.deviceID) }
        try await sql.run(
            "UPDATE devices SET name = \(name) WHERE tenant_id = \(session.tenantID) AND id = \(session.deviceID)")
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        let logger = logger
        return try await client.withConnection { connection in
            var session: SessionRecord?
            for try await row in try await connection.execute(
                PostgresSessionStatement(tokenHash: tokenHash), logger: logger)
            {
                session = row
            }
            return session
        }
    }

    /// The session a push may start with: a kept one (`SessionCache`) live at `now`, or one read
    /// now and kept.
    ///
    /// The push compares the revision it was read at with the tenant's where it writes
    /// (`PostgresLogStore.push`), so a kept session that another instance revoked meanwhile
    /// writes nothing.
    public func pushSession(tokenHash: String, now: Int64) async throws -> SessionRecord? {
        try await sessions.pushSession(tokenHash: tokenHash, now: now) { try await session(tokenHash: tokenHash) }
    }

    public func revokeSession(tokenHash: String, now: Int64) async throws -> Bool {
        try await withSQL { sql in
            try await sql.row(
                """
                UPDATE sessions SET revoked_at = \(now) WHERE token_sha256 = \(tokenHash) AND revoked_at IS NULL
                RETURNING 1 AS revoked
                """) != nil
        }
    }

    public func revokeSessions(tenantID: String, userID: String, deviceID: String?, now: Int64) async throws -> Int {
        try await withSQL { sql in
            try await sql.rows(
                """
                UPDATE sessions SET revoked_at = \(now)
                WHERE tenant_id = \(tenantID) AND user_id = \(userID) AND revoked_at IS NULL
                    AND (\(deviceID)::TEXT IS NULL OR device_id = \(deviceID))
                RETURNING 1 AS revoked
                """
            ).count
        }
    }
}
