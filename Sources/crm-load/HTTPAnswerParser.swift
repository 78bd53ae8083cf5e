// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore

/// One HTTP/1.1 answer as the load loop needs it: the status, the body, and whether the server
/// will close the connection after it.
struct HTTPAnswer {
    var status: Int
    var body: ByteBuffer
    var closes = false
    /// The body's coding (`Content-Encoding: zstd` or `gzip`), nil when plain.
    var coding: ContentCoding?
    /// The bytes of the status line and headers, with the blank line that ends them.
    var headBytes = 0

    /// The body decompressed when it came compressed, as `crm sync` reads it.
    func inflatedBody() throws(LoadError) -> ByteBuffer {
        guard let coding else { return body }
        do {
            return try coding.decompress(body, maxSize: HTTPAnswerParser.maxBody)
        } catch {
            throw .badBody("\(coding.rawValue): \(error)")
        }
    }
}

/// Reads HTTP/1.1 answers from a socket's bytes: the status line, `Content-Length`, `Connection`,
/// `Content-Encoding`, and the body, nothing else.
///
/// NIO's HTTP client pipeline (decoder, aggregator, a `HTTPClientResponsePart` per part and a
/// header dictionary per answer) was the largest share of crm-load's CPU once the JSON work was
/// gone (Docs/BENCHMARKS.md, 2026-12-04). crm-server answers every request with a
/// `Content-Length` body (`ResponseBody(byteBuffer:)`), so that is all this reads: a chunked
/// answer, a head over 16 KiB or a malformed status line is a `malformedAnswer` naming what was
/// wrong, and the caller closes the connection. When a read holds the whole answer the body is a
/// slice of the read's buffer, no copy.
struct HTTPAnswerParser {
    /// The longest head accepted.
    static let maxHead = 16 << 10
    /// The longest body accepted (a pull page of 1,000 wide changes is well below).
    static let maxBody = 256 << 20

    private var pending: ByteBuffer?
    /// The parsed head of the answer being read: its length in bytes, status, body length, close.
    private var head: Head?

    /// What the head of an answer says.
    private struct Head {
        var length: Int
        var status: Int
        var bodyLength: Int
        var closes: Bool
        var coding: ContentCoding?
    }

    /// Whether bytes of an incomplete answer are waiting for more.
    var isPartial: Bool { pending != nil }

    /// Adds `bytes` read from the socket; the answer once it is complete, nil while it is not.
    ///
    /// Bytes beyond the answer are refused: one request is outstanding at a time.
    mutating func feed(_ bytes: ByteBuffer) throws(LoadError) -> HTTPAnswer? {
        var buffer: ByteBuffer
        if var stored = pending {
            pending = nil
            var incoming = bytes
            stored.writeBuffer(&incoming)
            buffer = stored
        } else {
            buffer = bytes
        }
        if head == nil {
            guard let parsed = try Self.parseHead(buffer) else {
                guard buffer.readableBytes <= Self.maxHead else {
                    throw .malformedAnswer("no end of the head within \(Self.maxHead) bytes")
                }
                pending = buffer
                return nil
            }
            head = parsed
        }
        guard let head else { return nil }
        let total = head.length + head.bodyLength
        guard buffer.readableBytes >= total else {
            pending = buffer
            return nil
        }
        guard buffer.readableBytes == total else {
            throw .malformedAnswer(
                "\(buffer.readableBytes - total) bytes after the answer, with no request outstanding")
        }
        self.head = nil
        let body = buffer.getSlice(at: buffer.readerIndex + head.length, length: head.bodyLength) ?? ByteBuffer()
        return HTTPAnswer(
            status: head.status, body: body, closes: head.closes, coding: head.coding, headBytes: head.length)
    }

    /// The head's length, status, body length and `Connection: close`, once `buffer` holds the whole head.
    private static func parseHead(_ buffer: ByteBuffer) throws(LoadError) -> Head? {
        try buffer.withUnsafeReadableBytes { bytes throws(LoadError) in
            guard let end = headEnd(bytes) else { return nil }
            var lines = HeadLines(bytes: bytes, end: end)
            let status = try statusCode(lines.next() ?? UnsafeRawBufferPointer(rebasing: bytes[0..<0]))
            var bodyLength: Int?
            var closes = false
            var coding: ContentCoding?
            while let line = lines.next() {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                    throw .malformedAnswer("a header line without a colon")
                }
                let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
                let value = trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
                if equalsLowercased(name, "content-length") {
                    bodyLength = try decimal(value)
                } else if equalsLowercased(name, "transfer-encoding") {
                    throw .malformedAnswer("a Transfer-Encoding answer (crm-server sends Content-Length)")
                } else if equalsLowercased(name, "connection") {
                    closes = equalsLowercased(value, "close")
                } else if equalsLowercased(name, "content-encoding") {
                    coding = try contentCoding(value)
                }
            }
            let noBody = status == 204 || status == 304 || (100..<200).contains(status)
            guard let length = bodyLength ?? (noBody ? 0 : nil) else {
                throw .malformedAnswer("HTTP \(status) without Content-Length")
            }
            return Head(length: end + 4, status: status, bodyLength: length, closes: closes, coding: coding)
        }
    }

    /// The offset of the `\r\n\r\n` that ends the head.
    private static func headEnd(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 0
        while index <= bytes.count - 4 {
            if bytes[index + 3] != UInt8(ascii: "\n") {
                index += bytes[index + 3] == UInt8(ascii: "\r") ? 1 : 4
                continue
            }
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13 { return index }
            index += 1
        }
        return nil
    }

    /// `HTTP/1.x NNN reason` → NNN.
    private static func statusCode(_ line: UnsafeRawBufferPointer) throws(LoadError) -> Int {
        guard line.count >= 12, equalsLowercased(UnsafeRawBufferPointer(rebasing: line[0..<7]), "http/1."),
            line[8] == UInt8(ascii: " ")
        else {
            throw .malformedAnswer("not an HTTP/1.x status line: \(String(decoding: line.prefix(40), as: UTF8.self))")
        }
        return try decimal(UnsafeRawBufferPointer(rebasing: line[9..<12]))
    }

    private static func decimal(_ digits: UnsafeRawBufferPointer) throws(LoadError) -> Int {
        guard !digits.isEmpty, digits.count <= 10 else {
            throw .malformedAnswer("a number of \(digits.count) digits in the head")
        }
        var value = 0
        for byte in digits {
            guard (48...57).contains(byte) else {
                throw .malformedAnswer("not a number: \(String(decoding: digits, as: UTF8.self))")
            }
            value = value * 10 + Int(byte - 48)
        }
        guard value <= maxBody else { throw .malformedAnswer("a body of \(value) bytes") }
        return value
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// The coding a `Content-Encoding` value names; an answer in another coding is malformed here,
    /// since every request asked for zstd or gzip only.
    private static func contentCoding(_ value: UnsafeRawBufferPointer) throws(LoadError) -> ContentCoding? {
        if equalsLowercased(value, "zstd") { return .zstd }
        if equalsLowercased(value, "gzip") { return .gzip }
        if equalsLowercased(value, "identity") { return nil }
        throw .malformedAnswer("an answer in Content-Encoding '\(String(decoding: value, as: UTF8.self))'")
    }

    /// ASCII case-insensitive comparison with a lowercase `expected`.
    private static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ expected: StaticString) -> Bool {
        guard bytes.count == expected.utf8CodeUnitCount else { return false }
        let other = UnsafeRawBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount)
        for index in 0..<bytes.count where bytes[index] | 0x20 != other[index] | 0x20 { return false }
        return true
    }
}

/// The CRLF-separated lines of a head, without their line ends.
private struct HeadLines {
    let bytes: UnsafeRawBufferPointer
    let end: Int
    var position = 0

    init(bytes: UnsafeRawBufferPointer, end: Int) {
        self.bytes = bytes
        self.end = end
    }

    mutating func next() -> UnsafeRawBufferPointer? {
        guard position < end else { return nil }
        var index = position
        while index < end, !(bytes[index] == 13 && bytes[index + 1] == 10) { index += 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[position..<index])
        position = index + 2
        return line
    }
}
