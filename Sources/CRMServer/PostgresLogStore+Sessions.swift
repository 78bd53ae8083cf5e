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
        try await withSQL { sql in
            let row = try await sql.row(
                """
                SELECT s.token_sha256, s.tenant_id, s.user_id, s.device_id, s.role, s.created_at, s.expires_at,
                    s.revoked_at, u.disabled_at
                FROM sessions s LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
                WHERE s.token_sha256 = \(tokenHash)
                """)
            guard let row, let role = Role(rawValue: try row.value("role")) else { return nil }
            return SessionRecord(
                tokenHash: try row.value("token_sha256"), tenantID: try row.value("tenant_id"),
                userID: try row.value("user_id"), deviceID: try row.value("device_id"), role: role,
                createdAt: try row.value("created_at"), expiresAt: try row.value("expires_at"),
                revokedAt: try row.value("revoked_at"), userDisabledAt: try row.value("disabled_at"))
        }
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
