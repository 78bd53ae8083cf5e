// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore

/// Reads CRLF-terminated lines from the inbound byte stream of an SMTP connection.
struct SMTPLineReader {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending: [UInt8] = []

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    /// The next line without its line end, or nil when the connection closed.
    mutating func next() async throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard pending.count < 64 * 1_024, var buffer = try await iterator.next() else { return nil }
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }
}

/// One SMTP conversation: commands out, (multi-line) replies in.
struct SMTPSession {
    var lines: SMTPLineReader
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Sends `line` and reads the reply, which must have one of `codes`; `redacted` names a secret
    /// command in errors instead of showing it.
    mutating func command(_ line: String, expect codes: Int..., redacted: String? = nil) async throws -> [String] {
        try await write(Array((line + "\r\n").utf8))
        let name = redacted ?? String(line.prefix { $0 != " " && $0 != ":" })
        return try await reply(expect: codes, after: name)
    }

    @discardableResult
    mutating func expect(_ code: Int, after: String) async throws -> [String] {
        try await reply(expect: [code], after: after)
    }

    /// A reply: lines `NNN-text` continued until `NNN text`; returns the texts.
    private mutating func reply(expect codes: [Int], after: String) async throws -> [String] {
        var texts: [String] = []
        while true {
            guard let text = try await lines.next() else { throw SMTPError.connectionLost(after: after) }
            guard text.count >= 3, let code = Int(text.prefix(3)) else {
                throw SMTPError.reply(command: after, code: 0, text: "unreadable reply '\(text)'")
            }
            texts.append(String(text.dropFirst(4)))
            if text.count > 3, text[text.index(text.startIndex, offsetBy: 3)] == "-" { continue }
            guard codes.contains(code) else {
                throw SMTPError.reply(command: after, code: code, text: texts.joined(separator: " "))
            }
            return texts
        }
    }
}
