// crm — a terminal-first CRM. Licensed under the MIT License.

import Hummingbird

/// The per-request context: Hummingbird's core storage plus the caller's identity.
///
/// `identity` is filled by `BearerAuthMiddleware` on authenticated routes; handlers read it with
/// `requireIdentity()`.
public struct SyncRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: SessionIdentity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
    }

    /// The caller's identity, or a 401 if the route was reached without one.
    func requireIdentity() throws(ServerError) -> SessionIdentity {
        guard let identity else { throw .unauthorized("missing bearer token; log in with `crm sync login`") }
        return identity
    }
}
