// crm — a terminal-first CRM. Licensed under the MIT License.

/// One person of a tenant's team, as every device of the tenant receives them (`GET /v1/team`).
///
/// The server is the authority for users and roles; devices keep this directory so owners and
/// assignees show as names and can be given by name offline. It never carries a password hash
/// or a token: only what a teammate may know of a colleague.
public struct TeamMember: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var email: String?
    public var role: Role
    /// False once an admin deactivated the user: their records keep them as owner, but no new
    /// work can be assigned to them.
    public var active: Bool

    public init(id: String, name: String, email: String?, role: Role, active: Bool) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.active = active
    }
}

/// The answer to `GET /v1/team`: the whole directory of the caller's tenant, by name.
public struct TeamResponse: Codable, Hashable, Sendable {
    public var users: [TeamMember]

    public init(users: [TeamMember]) {
        self.users = users
    }
}
