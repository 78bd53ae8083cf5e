// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore
import Testing

@testable import crm_load

/// The load loop's requests, written as bytes (`RequestBytes`): what `crm sync` sends, the pull in
/// the compact rows format, and a `Content-Length` that counts bytes, not characters.
@Suite struct RequestBytesTests {
    let requests = RequestBytes(host: "127.0.0.1:8080", token: "tok", gzip: false)

    @Test func aPullAsksForRowsAfterTheCursor() {
        let bytes = requests.pull(after: 42, allocator: ByteBufferAllocator())
        #expect(
            String(buffer: bytes)
                == "GET /v1/changes?after=42&exclude_own=1&format=rows2 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:8080\r\nAuthorization: Bearer tok\r\n\r\n")
    }

    /// A floor run's request (`LoadPlan.floor`): the health check with the pull's headers.
    @Test func aHealthCheckCarriesThePullsHeaders() {
        let bytes = requests.health(allocator: ByteBufferAllocator())
        #expect(
            String(buffer: bytes)
                == "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer tok\r\n\r\n")
    }

    @Test func aPushCarriesItsBodyAndItsLengthInBytes() throws {
        let body = "{\"name\":\"Zoë\"}"
        let push = try requests.push(body, allocator: ByteBufferAllocator())
        #expect(
            String(buffer: push.bytes)
                == "POST /v1/changes HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer tok\r\n"
                + "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n" + body)
        #expect(push.body == 15 && push.coding == nil)
    }

    /// As `crm sync` (`CompressionPolicy`): a push body under the policy's minimum goes plain, though the
    /// client takes gzip answers; one of the minimum goes compressed.
    @Test func withGzipASmallPushGoesPlain() throws {
        let gzip = RequestBytes(host: "h:1", token: "tok")
        let small = String(repeating: "x", count: CompressionPolicy.minimumBytes - 1)
        let plain = try gzip.push(small, allocator: ByteBufferAllocator())
        #expect(plain.coding == nil && plain.body == small.utf8.count)
        #expect(String(buffer: plain.bytes).hasSuffix("Content-Length: \(small.utf8.count)\r\n\r\n" + small))
        #expect(!String(buffer: plain.bytes).contains("Content-Encoding"))
        let large = try gzip.push(small + "x", allocator: ByteBufferAllocator())
        #expect(large.coding == .gzip && String(buffer: large.bytes).contains("Content-Encoding: gzip\r\n"))
        let mine = RequestBytes(host: "h:1", token: "tok", gzipMinimum: 1 << 20)
        #expect(try mine.push(small + "x", allocator: ByteBufferAllocator()).coding == nil)
    }

    /// As `crm sync` (SyncTransport): zstd and gzip answers accepted, push bodies compressed in
    /// the coding the server listed at login (`SessionResponse.pushCoding`), gzip when it listed none.
    @Test(arguments: [ContentCoding.gzip, .zstd])
    func withGzipRequestsAcceptItAndPushesCarryIt(coding: ContentCoding) throws {
        let gzip = RequestBytes(host: "h:1", token: "tok", pushCoding: coding)
        #expect(
            String(buffer: gzip.pull(after: 0, allocator: ByteBufferAllocator()))
                == "GET /v1/changes?after=0&exclude_own=1&format=rows2 HTTP/1.1\r\n"
                + "Host: h:1\r\nAuthorization: Bearer tok\r\nAccept-Encoding: zstd, gzip\r\n\r\n")
        let body = String(repeating: "{\"name\":\"Zoë\"}", count: 20)
        let push = try gzip.push(body, allocator: ByteBufferAllocator())
        var bytes = push.bytes
        let text = String(decoding: bytes.readableBytesView, as: UTF8.self)
        let head = try #require(text.range(of: "\r\n\r\n"))
        let compressed = try coding.compress(ByteBuffer(string: body))
        #expect(
            String(text[..<head.upperBound])
                == "POST /v1/changes HTTP/1.1\r\nHost: h:1\r\nAuthorization: Bearer tok\r\n"
                + "Accept-Encoding: zstd, gzip\r\nContent-Encoding: \(coding.rawValue)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(compressed.readableBytes)\r\n\r\n")
        bytes.moveReaderIndex(forwardBy: text.utf8.distance(from: text.utf8.startIndex, to: head.upperBound))
        #expect(try coding.decompress(bytes, maxSize: 1 << 20) == ByteBuffer(string: body))
        #expect(push.coding == coding && push.body == compressed.readableBytes)
    }

    /// A run that measures gzip answers asks for gzip alone (`--accept-encoding gzip`).
    @Test func theAcceptedCodingsAreTheRunsChoice() {
        let gzipOnly = RequestBytes(host: "h:1", token: "tok", acceptEncoding: "gzip")
        #expect(
            String(buffer: gzipOnly.pull(after: 0, allocator: ByteBufferAllocator()))
                .hasSuffix("Authorization: Bearer tok\r\nAccept-Encoding: gzip\r\n\r\n"))
    }

    @Test func aLoginHasNoToken() {
        let bytes = RequestBytes.login(Array("{}".utf8), host: "h:1", allocator: ByteBufferAllocator())
        #expect(
            String(buffer: bytes)
                == "POST /v1/session HTTP/1.1\r\nHost: h:1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        )
    }
}
