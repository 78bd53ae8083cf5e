// crm — a terminal-first CRM. Licensed under the MIT License.

import AsyncHTTPClient
import CRMSync
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// HTTP/1.1 to the sync server: compressed bodies both ways (`CompressionPolicy`: not the small
/// ones; pushes zstd to a server that lists it at login, else gzip; answers zstd or gzip,
/// `ContentCoding`), a bearer token, bounded timeouts.
///
/// Plain polling, no WebSocket (SYNC.md 3.4): each sync is a few short requests, which any
/// proxy and load balancer handles and which fail cleanly when the network is away.
public final class SyncTransport: Sendable {
    /// A response: status and the (already inflated) body.
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public var retryAfter: Int?
    }

    let server: String
    let client: HTTPClient

    /// Connects to `server`; `caCertificate` is a PEM file of an extra CA to trust (for a self-signed server).
    public init(server: String, caCertificate: String? = nil) throws {
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else { throw SyncError.invalidServerURL(server) }
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        if let caCertificate {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caCertificate)
            configuration.tlsConfiguration = tls
        }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the connection pool; call once when done.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Sends one request, its body compressed in `coding` when `CompressionPolicy` says so (gzip,
    /// which every server takes, unless the server listed zstd at login); a network failure
    /// becomes `SyncError.serverUnavailable`.
    public func send(
        _ method: HTTPMethod, _ path: String, json: Data? = nil, token: String? = nil, coding: ContentCoding = .gzip
    ) async throws -> Response {
        var request = HTTPClientRequest(url: server + path)
        request.method = method
        request.headers.add(name: "Accept-Encoding", value: ContentCoding.acceptHeader)
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            if CompressionPolicy.compresses(json.count) {
                request.headers.add(name: "Content-Encoding", value: coding.rawValue)
                request.body = .bytes(try coding.compress(ByteBuffer(data: json)))
            } else {
                request.body = .bytes(ByteBuffer(data: json))
            }
        }
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            var body = try await response.body.collect(upTo: 64 << 20)
            if let encoding = response.headers.first(name: "Content-Encoding"), encoding.lowercased() != "identity" {
                guard let coding = ContentCoding(contentEncoding: encoding) else {
                    throw SyncError.invalidResponse(
                        "the server answered in Content-Encoding '\(encoding)', "
                            + "which this crm does not read (it asked for \(ContentCoding.acceptHeader))")
                }
                body = try coding.decompress(body, maxSize: 256 << 20)
            }
            return Response(
                status: Int(response.status.code), body: Data(buffer: body),
                retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init))
        } catch let error as HTTPClientError {
            throw SyncError.serverUnavailable(server: server, reason: NetworkReason.phrase(error))
        } catch let error as NIOSSLError {
            throw SyncError.serverUnavailable(
                server: server,
                reason: "TLS handshake failed (\(error)); if the server's certificate is signed by a private CA, "
                    + "log in again with --ca-cert CA.pem")
        } catch let error as SyncError {
            throw error
        } catch let error as Gzip.Failure {
            throw SyncError.invalidResponse("\(error)")
        } catch let error as Zstd.Failure {
            throw SyncError.invalidResponse("\(error)")
        } catch {
            throw SyncError.serverUnavailable(server: server, reason: NetworkReason.phrase(error))
        }
    }
}
