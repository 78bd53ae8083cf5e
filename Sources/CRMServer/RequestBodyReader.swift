// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Hummingbird
import NIOCore

/// Reads a request body within its route's limits, inflating gzip, and decodes it.
///
/// Limits are checked while reading, so an oversized body is refused (413) before it is held in
/// memory whole, and a gzip body that inflates past the ceiling is refused the same way. Each
/// route has its own limits, a multiple of its honest maximum: a login is refused past
/// `maxLoginBodyBytes` on the wire or inflated, a push past `maxBodyBytes` and
/// `maxInflatedBytes` (the batch limits).
struct RequestBodyReader {
    let configuration: ServerConfiguration
    /// Largest body as sent.
    let wireLimit: Int
    /// Largest body after inflation.
    let inflatedLimit: Int

    /// A reader with the push limits.
    init(configuration: ServerConfiguration) {
        self.init(
            configuration: configuration, wireLimit: configuration.maxBodyBytes,
            inflatedLimit: configuration.maxInflatedBytes)
    }

    /// A reader with limits of its own (a login's).
    init(configuration: ServerConfiguration, wireLimit: Int, inflatedLimit: Int) {
        self.configuration = configuration
        self.wireLimit = wireLimit
        self.inflatedLimit = inflatedLimit
    }

    /// The raw (inflated) body bytes.
    func bytes(of request: Request) async throws(ServerError) -> ByteBuffer {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: wireLimit)
        } catch {
            throw .tooLarge(limit: wireLimit)
        }
        guard let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" else {
            return buffer
        }
        guard encoding == "gzip" else {
            throw .badRequest("unsupported_encoding", "Content-Encoding '\(encoding)' is not supported; use gzip")
        }
        do {
            return try Gzip.decompress(buffer, maxSize: inflatedLimit)
        } catch .tooLarge(let limit) {
            throw .tooLarge(limit: limit)
        } catch {
            throw .badRequest("bad_gzip", error.description)
        }
    }

    /// Decodes the body as `T`; bad JSON is a 400 naming what was wrong.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws(ServerError) -> T {
        let buffer = try await bytes(of: request)
        do {
            return try WireCoding.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw .badJSON(Self.describe(error))
        } catch {
            throw .badJSON("\(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
