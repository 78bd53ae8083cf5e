// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMSync

/// Fetches the tenant's team directory and keeps it on this device (`GET /v1/team`).
///
/// Asked after every pull and at login: a few KB, and a renamed or deactivated teammate then
/// shows as such on every device after its next sync, and stays known while offline.
enum Team {
    static func refresh(store: Store, transport: SyncTransport, token: String) async throws {
        let response = try await transport.send(.GET, SyncAPI.teamPath, token: token)
        let team = try SyncClient.decode(response, as: TeamResponse.self)
        try store.mergeTeam(
            team.users.compactMap { member in
                RecordID(member.id).map {
                    User(
                        id: $0, num: 0, name: member.name, email: member.email, role: member.role.rawValue,
                        active: member.active)
                }
            })
    }
}
