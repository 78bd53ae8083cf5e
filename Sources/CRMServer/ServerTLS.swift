// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// The server's certificate chain and private key, loaded from PEM files before the server binds.
///
/// Loading at start, and building one TLS context from them, turns a wrong path, a file that is
/// not PEM or a key that belongs to another certificate into an error naming the file, instead
/// of a server that listens and then fails every handshake.
///
/// ```swift
/// let tls = try ServerTLS(certificateFile: "/etc/crm/server.pem", keyFile: "/etc/crm/server.key")
/// let app = buildApplication(configuration: configuration, store: store, logger: logger, tls: tls)
/// ```
public struct ServerTLS: Sendable {
    /// The NIOSSL server configuration: the chain, the key, TLS 1.2 or newer.
    public let configuration: TLSConfiguration

    public init(certificateFile: String, keyFile: String) throws(ServerTLSError) {
        try Self.checkReadable(certificateFile, role: .certificate)
        try Self.checkReadable(keyFile, role: .privateKey)
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw .notPEM(role: .certificate, path: certificateFile, reason: "\(error)")
        }
        guard !chain.isEmpty else {
            throw .notPEM(role: .certificate, path: certificateFile, reason: "no CERTIFICATE block in it")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw .notPEM(role: .privateKey, path: keyFile, reason: "\(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .keyDoesNotMatch(certificate: certificateFile, key: keyFile, reason: "\(error)")
        }
        self.configuration = configuration
    }

    /// HTTP/1.1 with `http1`'s settings inside TLS, for `Application(server:)`: what
    /// HummingbirdTLS's `.tls(.http1(configuration:))` builds, the context already checked above.
    func serverBuilder(_ http1: HTTP1Channel.Configuration, inPlace: InPlaceRoutes?) -> HTTPServerBuilder {
        let tls = configuration
        return HTTPServerBuilder { responder in
            try TLSChannel(
                SyncHTTP1Channel(responder: responder, configuration: http1, inPlace: inPlace), tlsConfiguration: tls)
        }
    }

    static func checkReadable(_ path: String, role: ServerTLSError.Role) throws(ServerTLSError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw .missing(role: role, path: path)
        }
        guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(role: role, path: path) }
    }
}
