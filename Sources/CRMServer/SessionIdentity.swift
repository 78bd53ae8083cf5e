// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync

/// Who is calling, as established from a verified bearer token.
///
/// Tenant, user, device and role come from the session row only, never from a path or a body,
/// which is what keeps one tenant's token out of another tenant's data (SYNC.md 3.12).
public struct SessionIdentity: Hashable, Sendable {
    public var tenantID: String
    public var userID: String
    public var deviceID: String
    public var role: Role
    public var tokenHash: String
}
