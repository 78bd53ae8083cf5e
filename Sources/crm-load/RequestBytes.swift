// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore

/// The HTTP/1.1 requests of one simulated client, written as bytes from parts made once.
///
/// A request is a line and a few headers that do not change between syncs but for the pull's
/// cursor and the push's length: the `Host` and `Authorization` lines are made once per client at
/// login, so a sync writes its requests with a few `memcpy`s, no `HTTPHeaders` and no encoder.
/// A pull asks for the compact rows with shorthands (`format=rows2`, SYNC.md "Pull rows"), in the
/// server's default pages, as `crm sync` does. With `gzip` (the default, as `crm sync`), every
/// request says `Accept-Encoding: zstd, gzip` (or the run's `acceptEncoding`) and a push body of at
/// least `CompressionPolicy.minimumBytes` goes compressed in `pushCoding` (zstd where the server
/// listed it at login, else gzip), smaller ones plain, so the server decompresses and compresses
/// what it would for a device.
struct RequestBytes {
    /// `Host: …\r\nAuthorization: Bearer …\r\n`, this client's.
    private let headers: ByteBuffer

    private static let pullStart = ByteBuffer(string: "GET \(SyncAPI.changesPath)?after=")
    private static let pullEnd = ByteBuffer(
        string: "&exclude_own=1&format=\(PullRows.compactFormat) HTTP/1.1\r\n")
    private static let healthLine = ByteBuffer(string: "GET \(SyncAPI.healthPath) HTTP/1.1\r\n")
    private static let pushLine = ByteBuffer(string: "POST \(SyncAPI.changesPath) HTTP/1.1\r\n")
    private static let jsonLength = ByteBuffer(string: "Content-Type: application/json\r\nContent-Length: ")

    /// Whether bodies travel compressed both ways: pushes in `pushCoding`, answers in the coding
    /// the server picks.
    let gzip: Bool
    /// The coding of a compressed push (`SessionResponse.pushCoding`).
    let pushCoding: ContentCoding
    /// Push bodies of fewer bytes go plain (`CompressionPolicy`).
    let gzipMinimum: Int

    /// The parts for a client of `host` holding `token`.
    init(
        host: String, token: String, gzip: Bool = true, gzipMinimum: Int = CompressionPolicy.minimumBytes,
        acceptEncoding: String = ContentCoding.acceptHeader, pushCoding: ContentCoding = .gzip
    ) {
        self.gzip = gzip
        self.pushCoding = pushCoding
        self.gzipMinimum = gzipMinimum
        headers = ByteBuffer(
            string: "Host: \(host)\r\nAuthorization: Bearer \(token)\r\n"
                + (gzip ? "Accept-Encoding: \(acceptEncoding)\r\n" : ""))
    }

    /// `GET /v1/changes?after=CURSOR&exclude_own=1&format=rows2`.
    func pull(after cursor: Int64, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeImmutableBuffer(Self.pullStart)
        buffer.writeString(String(cursor))
        buffer.writeImmutableBuffer(Self.pullEnd)
        buffer.writeImmutableBuffer(headers)
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// `GET /healthz` with this client's headers, as long a head as a pull's but for its query:
    /// the request a floor run sends in place of each pull and push (`LoadPlan.floor`).
    func health(allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeImmutableBuffer(Self.healthLine)
        buffer.writeImmutableBuffer(headers)
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// `POST /v1/changes` with `body`, a JSON push request (`PushBodyWriter.text`), compressed in
    /// `pushCoding` with `gzip` when `CompressionPolicy` says so for its size; with the body's
    /// length as sent and its coding (nil: plain).
    func push(_ body: String, allocator: ByteBufferAllocator) throws -> (
        bytes: ByteBuffer, body: Int, coding: ContentCoding?
    ) {
        guard gzip, CompressionPolicy.compresses(body.utf8.count, minimum: gzipMinimum) else {
            var buffer = allocator.buffer(capacity: 256 + body.utf8.count)
            buffer.writeImmutableBuffer(Self.pushLine)
            buffer.writeImmutableBuffer(headers)
            Self.writeJSON(body, to: &buffer)
            return (buffer, body.utf8.count, nil)
        }
        let compressed = try pushCoding.compress(ByteBuffer(string: body))
        var buffer = allocator.buffer(capacity: 256 + compressed.readableBytes)
        buffer.writeImmutableBuffer(Self.pushLine)
        buffer.writeImmutableBuffer(headers)
        buffer.writeStaticString(pushCoding == .zstd ? "Content-Encoding: zstd\r\n" : "Content-Encoding: gzip\r\n")
        buffer.writeImmutableBuffer(Self.jsonLength)
        buffer.writeString(String(compressed.readableBytes))
        buffer.writeStaticString("\r\n\r\n")
        buffer.writeImmutableBuffer(compressed)
        return (buffer, compressed.readableBytes, pushCoding)
    }

    /// `POST /v1/session` with the JSON `body`, before the client has a token.
    static func login(_ body: [UInt8], host: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256 + body.count)
        buffer.writeString("POST \(SyncAPI.sessionPath) HTTP/1.1\r\nHost: \(host)\r\n")
        buffer.writeImmutableBuffer(jsonLength)
        buffer.writeString("\(body.count)\r\n\r\n")
        buffer.writeBytes(body)
        return buffer
    }

    private static func writeJSON(_ body: String, to buffer: inout ByteBuffer) {
        buffer.writeImmutableBuffer(jsonLength)
        buffer.writeString(String(body.utf8.count))
        buffer.writeStaticString("\r\n\r\n")
        buffer.writeString(body)
    }
}
