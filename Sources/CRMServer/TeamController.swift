// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Hummingbird

/// `GET /v1/team`: the caller's tenant directory, behind bearer auth.
///
/// Every role may read it (owners and assignees must show as names on every device), and it
/// carries no secret: ids, names, emails, roles and whether each user is active. A device asks
/// for it after each pull; the whole directory is a few KB even for a large team, so it is sent
/// whole rather than as changes, and a user the admin renames is renamed everywhere at once.
struct TeamController {
    let store: any LogStore

    func addRoutes(to router: Router<SyncRequestContext>, auth: BearerAuthMiddleware, limit: RateLimitMiddleware) {
        router.group(RouterPath(SyncAPI.teamPath)).add(middleware: auth).add(middleware: limit).get(use: list)
    }

    @Sendable func list(_ request: Request, context: SyncRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await store.team(tenantID: identity.tenantID)
        return try JSONResponder.response(TeamResponse(users: users), request: request)
    }
}
