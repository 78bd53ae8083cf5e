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
        let (headers, body) = try encoded(json: json, acceptEncoding: request.headers[.acceptEncoding])
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// A JSON body's headers and bytes, compressed in the coding `acceptEncoding` prefers: shared
    /// by the router's answers and the event loop's (`InPlacePull`, `InPlacePush`), so the two cannot differ.
    static func encoded(json: ByteBuffer, acceptEncoding: String?) throws -> (HTTPFields, ByteBuffer) {
        // No `charset`: JSON is UTF-8 and `application/json` defines no such parameter (RFC 8259,
        // section 11); it was 15 bytes of every answer's headers.
        var headers: HTTPFields = [.contentType: "application/json"]
        var buffer = json
        // The size first (`CompressionPolicy`): most answers (an empty pull, a push's) are small, and
        // parsing `Accept-Encoding` was 3 % of an empty pull's CPU.
        if CompressionPolicy.compresses(buffer.readableBytes), let header = acceptEncoding,
            let coding = AcceptEncoding.preferred(header)
        {
            buffer = try coding.compress(buffer)
            headers[.contentEncoding] = coding.rawValue
        }
        headers[.vary] = "Accept-Encoding"
        return (headers, buffer)
    }
}
