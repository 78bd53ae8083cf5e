// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import GRDB

extension SQLiteLogStore {
    public func team(tenantID: String) async throws -> [TeamMember] {
        try await writer.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(TeamSQL.columns) FROM users WHERE tenant_id = ? ORDER BY name, id"),
                arguments: [tenantID]
            ).map(Self.member)
        }
    }

    public func updateUser(tenantID: String, name: String, _ update: UserUpdate, now: Int64) async throws
        -> TeamMember
    {
        try await writer.write { db in
            guard
                let id = try String.fetchOne(
                    db, sql: "SELECT id FROM users WHERE tenant_id = ? AND name = ?", arguments: [tenantID, name])
            else { throw StoreError.userNotFound(tenant: tenantID, user: name) }
            if case .rename(let newName) = update,
                try Row.fetchOne(
                    db, sql: "SELECT 1 FROM users WHERE tenant_id = ? AND name = ? AND id <> ?",
                    arguments: [tenantID, newName, id]) != nil
            {
                throw StoreError.userExists(tenant: tenantID, user: newName)
            }
            let (assignment, value) = TeamSQL.assignment(update, now: now)
            try db.execute(
                sql: "UPDATE users SET \(assignment), updated_at = ? WHERE tenant_id = ? AND id = ?",
                arguments: [value, now, tenantID, id])
            try db.execute(sql: TeamSQL.bumpVersion, arguments: [tenantID])
            if TeamSQL.revokesSessions(update) {
                try db.execute(
                    sql:
                        "UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL",
                    arguments: [now, tenantID, id])
            }
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(TeamSQL.columns) FROM users WHERE tenant_id = ? AND id = ?",
                    arguments: [tenantID, id])
            else { throw StoreError.userNotFound(tenant: tenantID, user: name) }
            return Self.member(row)
        }
    }

    static func member(_ row: Row) -> TeamMember {
        TeamMember(
            id: row[0], name: row[1], email: row[2], role: Role(rawValue: row[3]) ?? .rep,
            active: (row[4] as Int64?) == nil)
    }
}

/// The SQL both log stores share for the team directory.
enum TeamSQL {
    /// Moves the tenant's `team_version`, which every pull reports, so devices refetch the directory.
    static let bumpVersion = "UPDATE tenants SET team_version = team_version + 1 WHERE id = ?"

    /// The directory's columns, in the order `member` reads them.
    static let columns = "id, name, email, role, disabled_at"

    /// The `SET` clause of an update and its one bound value (`?`).
    static func assignment(_ update: UserUpdate, now: Int64) -> (String, String?) {
        switch update {
        case .rename(let name): ("name = ?", name)
        case .role(let role): ("role = ?", role.rawValue)
        case .email(let email): ("email = ?", email)
        case .passwordHash(let hash): ("password_hash = ?", hash)
        case .deactivate: ("disabled_at = CAST(? AS BIGINT)", String(now))
        case .activate: ("disabled_at = CAST(? AS BIGINT)", nil)
        }
    }

    /// Tokens carry the role and stand for an active user: a change of either ends them, and the
    /// device logs in again (SYNC.md 3.12).
    static func revokesSessions(_ update: UserUpdate) -> Bool {
        switch update {
        case .deactivate, .role, .passwordHash: true
        case .rename, .email, .activate: false
        }
    }
}
