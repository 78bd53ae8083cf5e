// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import NIOCore

/// The codings a sync answer may come in (`Content-Encoding`), and what a client asks for.
///
/// The server compresses an answer in the coding the request's `Accept-Encoding` prefers, zstd on
/// a tie (it costs the server a third of gzip's CPU, `Zstd`), and gzip for a client that lists
/// only gzip, as SPEC 7 has it. A push body goes in zstd to a server that lists it at login
/// (`SessionResponse.pushEncodings`): on the load run's pushes zstd took half of libdeflate's
/// level-6 CPU for 2 % more bytes. To any other server a push goes gzip, which every server takes.
public enum ContentCoding: String, Sendable, CaseIterable {
    case zstd
    case gzip

    /// What `crm sync` and crm-load send as `Accept-Encoding`: either, zstd first.
    public static let acceptHeader = "zstd, gzip"

    /// What a server lists in `push_encodings`: the codings `RequestBodyReader` takes on a body.
    public static let pushEncodings = allCases.map(\.rawValue)

    /// The coding a `Content-Encoding` value names (any case, spaces around it), or nil for
    /// another coding or none.
    public init?(contentEncoding value: String) {
        let name = value.trimmingCharacters(in: .whitespaces).lowercased()
        guard let coding = ContentCoding(rawValue: name) else { return nil }
        self = coding
    }

    /// `buffer`'s readable bytes compressed in this coding.
    public func compress(_ buffer: ByteBuffer) throws -> ByteBuffer {
        switch self {
        case .zstd: try Zstd.compress(buffer)
        case .gzip: try Gzip.compress(buffer)
        }
    }

    /// A whole body in this coding decompressed, refusing more than `maxSize` bytes; throws
    /// `Zstd.Failure` or `Gzip.Failure`.
    public func decompress(_ buffer: ByteBuffer, maxSize: Int) throws -> ByteBuffer {
        switch self {
        case .zstd: try Zstd.decompress(buffer, maxSize: maxSize)
        case .gzip: try Gzip.decompress(buffer, maxSize: maxSize)
        }
    }
}
