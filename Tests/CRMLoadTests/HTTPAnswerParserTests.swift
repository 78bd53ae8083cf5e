// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore
import Testing

@testable import crm_load

/// The load loop reads crm-server's answers with its own small parser (`HTTPAnswerParser`): the
/// status, `Content-Length`, `Connection: close` and the body, however the bytes are split.
@Suite struct HTTPAnswerParserTests {
    static let answer =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nCONTENT-LENGTH: 17\r\ndate: x\r\n\r\n{\"has_more\":true}"

    @Test func aWholeAnswerInOneRead() throws {
        var parser = HTTPAnswerParser()
        let answer = try #require(try parser.feed(ByteBuffer(string: Self.answer)))
        #expect(answer.status == 200)
        #expect(String(buffer: answer.body) == "{\"has_more\":true}")
        #expect(!answer.closes)
        #expect(!parser.isPartial)
    }

    @Test(arguments: [1, 2, 3, 5, 40, 79, 80, 81, 90])
    func anAnswerSplitAnywhereIsReadOnceComplete(at split: Int) throws {
        var parser = HTTPAnswerParser()
        let bytes = Array(Self.answer.utf8)
        #expect(try parser.feed(ByteBuffer(bytes: bytes[..<split])) == nil)
        #expect(parser.isPartial)
        let answer = try #require(try parser.feed(ByteBuffer(bytes: bytes[split...])))
        #expect(String(buffer: answer.body) == "{\"has_more\":true}")
        // The parser is ready for the next answer on the same connection.
        let next = try #require(try parser.feed(ByteBuffer(string: "HTTP/1.1 204 No Content\r\n\r\n")))
        #expect(next.status == 204 && next.body.readableBytes == 0)
    }

    @Test func oneByteAtATime() throws {
        var parser = HTTPAnswerParser()
        let bytes = Array(Self.answer.utf8)
        for byte in bytes.dropLast() { #expect(try parser.feed(ByteBuffer(bytes: [byte])) == nil) }
        let answer = try #require(try parser.feed(ByteBuffer(bytes: [bytes.last!])))
        #expect(answer.body.readableBytes == 17)
    }

    /// A gzip answer is inflated as `crm sync` inflates it; a plain one is the body as it came, and
    /// a corrupt one is a bad body, not a crash.
    @Test func aGzipBodyIsInflated() throws {
        let json = ByteBuffer(string: String(repeating: "{\"has_more\":true}", count: 30))
        let compressed = try Gzip.compress(json)
        var head = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Encoding: GZIP\r\n")
        head.writeString("Content-Length: \(compressed.readableBytes)\r\n\r\n")
        head.writeImmutableBuffer(compressed)
        var parser = HTTPAnswerParser()
        let answer = try #require(try parser.feed(head))
        #expect(answer.coding == .gzip && answer.body == compressed)
        #expect(try answer.inflatedBody() == json)
        let plain = try #require(try parser.feed(ByteBuffer(string: Self.answer)))
        #expect(plain.coding == nil)
        #expect(try String(buffer: plain.inflatedBody()) == "{\"has_more\":true}")
        let corrupt = HTTPAnswer(status: 200, body: ByteBuffer(string: "not gzip"), coding: .gzip)
        #expect(throws: LoadError.self) { try corrupt.inflatedBody() }
    }

    /// A zstd answer is decompressed as `crm sync` decompresses it; a corrupt one is a bad body, and
    /// an answer in a coding nobody asked for is a malformed answer.
    @Test func aZstdBodyIsDecompressed() throws {
        let json = ByteBuffer(string: String(repeating: "{\"has_more\":true}", count: 30))
        let compressed = try Zstd.compress(json)
        var head = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Encoding:  Zstd \r\n")
        head.writeString("Content-Length: \(compressed.readableBytes)\r\n\r\n")
        head.writeImmutableBuffer(compressed)
        var parser = HTTPAnswerParser()
        let answer = try #require(try parser.feed(head))
        #expect(answer.coding == .zstd && answer.body == compressed)
        #expect(try answer.inflatedBody() == json)
        let corrupt = HTTPAnswer(status: 200, body: ByteBuffer(string: "not zstd"), coding: .zstd)
        #expect(throws: LoadError.self) { try corrupt.inflatedBody() }
        var other = HTTPAnswerParser()
        #expect(throws: LoadError.self) {
            try other.feed(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 0\r\n\r\n"))
        }
    }

    @Test func statusAndCloseAreRead() throws {
        var parser = HTTPAnswerParser()
        let text = "HTTP/1.1 409 Conflict\r\nConnection:  Close \r\nContent-Length: 2\r\n\r\n{}"
        let answer = try #require(try parser.feed(ByteBuffer(string: text)))
        #expect(answer.status == 409 && answer.closes && String(buffer: answer.body) == "{}")
    }

    @Test(arguments: [
        "HELLO\r\n\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}extra",
    ])
    func unreadableAnswersAreMalformed(text: String) {
        var parser = HTTPAnswerParser()
        #expect {
            _ = try parser.feed(ByteBuffer(string: text))
        } throws: { error in
            guard case .malformedAnswer = error as? LoadError else { return false }
            return true
        }
    }

    @Test func aHeadThatNeverEndsIsRefused() {
        var parser = HTTPAnswerParser()
        let header = "X-Filler: " + String(repeating: "a", count: 1000) + "\r\n"
        #expect(throws: LoadError.self) {
            _ = try parser.feed(ByteBuffer(string: "HTTP/1.1 200 OK\r\n"))
            for _ in 0..<20 { _ = try parser.feed(ByteBuffer(string: header)) }
        }
    }
}
