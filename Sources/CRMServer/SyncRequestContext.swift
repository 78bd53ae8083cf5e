// crm — a terminal-first CRM. Licensed under the MIT License.

import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage, the peer address and the caller's identity.
///
/// `identity` is filled by `BearerAuthMiddleware` on authenticated routes; handlers read it with
/// `requireIdentity()`. `remoteAddress` is the TCP peer, for the per-address login limit.
public struct SyncRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: SessionIdentity?
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        remoteAddress = source.channel.remoteAddress
    }

    /// The caller's identity, or a 401 if the route was reached without one.
    func requireIdentity() throws(ServerError) -> SessionIdentity {
        guard let identity else { throw .unauthorized("missing bearer token; log in with `crm sync login`") }
        return identity
    }
}
