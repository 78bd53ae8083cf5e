// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

extension PostgresLogStore {
    public func team(tenantID: String) async throws -> [TeamMember] {
        try await withSQL { sql in
            try await sql.rows(
                "SELECT \(unescaped: TeamSQL.columns) FROM users WHERE tenant_id = \(tenantID) ORDER BY name, id"
            ).map(Self.member)
        }
    }

    public func updateUser(tenantID: String, name: String, _ update: UserUpdate, now: Int64) async throws
        -> TeamMember
    {
        try await transaction { sql in
            guard
                let found = try await sql.row(
                    "SELECT id FROM users WHERE tenant_id = \(tenantID) AND name = \(name) FOR UPDATE")
            else { throw StoreError.userNotFound(tenant: tenantID, user: name) }
            let id: String = try found.value("id")
            if case .rename(let newName) = update,
                try await sql.row(
                    "SELECT 1 AS taken FROM users WHERE tenant_id = \(tenantID) AND name = \(newName) AND id <> \(id)")
                    != nil
            {
                throw StoreError.userExists(tenant: tenantID, user: newName)
            }
            let (assignment, value) = TeamSQL.assignment(update, now: now)
            let set = assignment.replacingOccurrences(of: "?", with: "$1")
            var bindings = PostgresBindings()
            bindings.append(value)
            bindings.append(now)
            bindings.append(tenantID)
            bindings.append(id)
            try await sql.run(
                PostgresQuery(
                    unsafeSQL: "UPDATE users SET \(set), updated_at = $2 WHERE tenant_id = $3 AND id = $4",
                    binds: bindings))
            try await sql.run("UPDATE tenants SET team_version = team_version + 1 WHERE id = \(tenantID)")
            if TeamSQL.revokesSessions(update) {
                try await sql.run(
                    """
                    UPDATE sessions SET revoked_at = \(now)
                    WHERE tenant_id = \(tenantID) AND user_id = \(id) AND revoked_at IS NULL
                    """)
            }
            guard
                let row = try await sql.row(
                    "SELECT \(unescaped: TeamSQL.columns) FROM users WHERE tenant_id = \(tenantID) AND id = \(id)")
            else { throw StoreError.userNotFound(tenant: tenantID, user: name) }
            return try Self.member(row)
        }
    }

    static func member(_ row: PostgresRandomAccessRow) throws -> TeamMember {
        TeamMember(
            id: try row.value("id"), name: try row.value("name"), email: try row.value("email"),
            role: Role(rawValue: try row.value("role")) ?? .rep,
            active: try row.value("disabled_at", as: Int64?.self) == nil)
    }
}
