// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Renders wire values as JSON responses, compressed in the coding the client prefers (zstd or gzip).
///
/// Compression happens here rather than in a middleware because Hummingbird response bodies are
/// streams; every sync response is one small JSON document, so compressing it whole is simplest.
enum JSONResponder {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, request: Request) throws
        -> Response
    {
        try response(json: ByteBuffer(bytes: WireCoding.encoder().encode(value)), status: status, request: request)
    }

    /// A response whose JSON body is already written (`PullResponseWriter`).
    static func response(json: ByteBuffer, status: HTTPResponse.Status = .ok, request: Request) throws -> Response {
        // No `charset`: JSON is UTF-8 and `application/json` defines no such parameter (RFC 8259,
        // section 11); it was 15 bytes of every answer's headers.
        var headers: HTTPFields = [.contentType: "application/json"]
        var buffer = json
        // The size first (`CompressionPolicy`): most answers (an empty pull, a push's) are small, and
        // parsing `Accept-Encoding` was 3 % of an empty pull's CPU.
        if CompressionPolicy.compresses(buffer.readableBytes), let coding = preferredCoding(request) {
            buffer = try coding.compress(buffer)
            headers[.contentEncoding] = coding.rawValue
        }
        headers[.vary] = "Accept-Encoding"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// The coding the request's `Accept-Encoding` prefers of zstd and gzip (`AcceptEncoding`).
    static func preferredCoding(_ request: Request) -> ContentCoding? {
        guard let header = request.headers[.acceptEncoding] else { return nil }
        return AcceptEncoding.preferred(header)
    }
}
