// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Hummingbird
import NIOCore

/// The address a request came from, for the per-address login limit.
///
/// The peer of the TCP connection, unless that peer is a trusted proxy (nginx in front of the
/// instances): then the rightmost address of `X-Forwarded-For` that is not itself a trusted
/// proxy. Only trusted peers are believed, so a client cannot pick its own bucket by sending the
/// header; without trusted proxies every client behind nginx would share nginx's one address.
struct ClientAddress {
    /// The name a peer goes by: its IP address, or `unix` for any peer on a Unix domain socket
    /// (a proxy on the same host; `--trusted-proxy unix` believes its `X-Forwarded-For`).
    static func peer(_ address: SocketAddress?) -> String? {
        if case .unixDomainSocket = address { return "unix" }
        return address?.ipAddress
    }

    /// The client's address as text (`unknown` when the connection has none, as in router tests).
    static func of(_ request: Request, peer: String?, trustedProxies: Set<String>) -> String {
        guard let peer else { return "unknown" }
        guard trustedProxies.contains(peer) else { return peer }
        let hops = request.headers.filter { $0.name.canonicalName == "x-forwarded-for" }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return hops.last { !trustedProxies.contains($0) } ?? hops.first ?? peer
    }
}
