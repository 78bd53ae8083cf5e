// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Hummingbird
import NIOCore

/// Reads a request body within the configured limits, inflating gzip, and decodes it.
///
/// Limits are checked while reading, so an oversized body is refused (413) before it is held in
/// memory whole, and a gzip body that inflates past the ceiling is refused the same way.
struct RequestBodyReader {
    let configuration: ServerConfiguration

    /// The raw (inflated) body bytes.
    func bytes(of request: Request) async throws(ServerError) -> ByteBuffer {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            throw .tooLarge(limit: configuration.maxBodyBytes)
        }
        guard let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" else {
            return buffer
        }
        guard encoding == "gzip" else {
            throw .badRequest("unsupported_encoding", "Content-Encoding '\(encoding)' is not supported; use gzip")
        }
        do {
            return try Gzip.decompress(buffer, maxSize: configuration.maxInflatedBytes)
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
