// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import Testing

@testable import crm_load

/// The load loop's requests, written as bytes (`RequestBytes`): what `crm sync` sends, the pull in
/// the compact rows format, and a `Content-Length` that counts bytes, not characters.
@Suite struct RequestBytesTests {
    let requests = RequestBytes(host: "127.0.0.1:8080", token: "tok")

    @Test func aPullAsksForRowsAfterTheCursor() {
        let bytes = requests.pull(after: 42, allocator: ByteBufferAllocator())
        #expect(
            String(buffer: bytes)
                == "GET /v1/changes?after=42&exclude_own=1&format=rows2 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:8080\r\nAuthorization: Bearer tok\r\n\r\n")
    }

    @Test func aPushCarriesItsBodyAndItsLengthInBytes() {
        let body = "{\"name\":\"Zoë\"}"
        let bytes = requests.push(body, allocator: ByteBufferAllocator())
        #expect(
            String(buffer: bytes)
                == "POST /v1/changes HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer tok\r\n"
                + "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n" + body)
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
