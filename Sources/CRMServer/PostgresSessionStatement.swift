// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

/// The session behind a token hash, with its user's disabled mark and its tenant's auth revision.
///
/// Every authenticated request runs it first, so it is prepared once per connection and
/// PostgreSQL does not parse and plan it again for each request (Docs/BENCHMARKS.md,
/// 2026-12-05). A row whose role is not a known `Role` decodes as nil, as an unknown token does.
struct PostgresSessionStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection; a constant, since the protocol's
    /// default, `String(reflecting: Self.self)`, builds the type's name on every execution.
    static let name = "crm_session"

    static let sql = """
        SELECT \(columns)
        FROM sessions s LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        LEFT JOIN tenants t ON t.id = s.tenant_id
        WHERE s.token_sha256 = $1
        """

    /// The session's columns as `session(_:)` reads them, of `sessions s` joined to `users u` and
    /// `tenants t`.
    static let columns = """
        s.token_sha256, s.tenant_id, s.user_id, s.device_id, s.role, s.created_at, s.expires_at,
            s.revoked_at, u.disabled_at, t.auth_revision
        """

    typealias Row = SessionRecord?

    var tokenHash: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(tokenHash)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresSessionStatement")
        return try Self.session(&cells)
    }

    /// The session in the next columns of `cells` (`columns`); nil for a role this build does not
    /// know.
    static func session(_ cells: inout PostgresCells) throws -> SessionRecord? {
        let (tokenHash, tenantID, userID, deviceID, roleText): (String, String, String, String, String) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        let (createdAt, expiresAt, revokedAt, disabledAt): (Int64, Int64, Int64?, Int64?) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        let authRevision: Int64? = try cells.next()
        guard let role = Role(rawValue: roleText) else { return nil }
        return SessionRecord(
            tokenHash: tokenHash, tenantID: tenantID, userID: userID, deviceID: deviceID, role: role,
            createdAt: createdAt, expiresAt: expiresAt, revokedAt: revokedAt, userDisabledAt: disabledAt,
            authRevision: authRevision)
    }
}
