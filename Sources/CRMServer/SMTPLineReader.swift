// crm — a terminal-first CRM. Licensed under the MIT License.

/// Splits an SMTP byte stream into lines, never holding more than one line's limit.
///
/// A line longer than the limit is not buffered: its bytes are dropped up to its line end and it
/// comes out once, marked too long, so a client that never sends a line end cannot grow the
/// server's memory.
struct SMTPLineReader {
    /// One line without its CR LF (a bare LF also ends a line).
    struct Line: Equatable {
        var bytes: [UInt8]
        var tooLong: Bool
    }

    private var buffer: [UInt8] = []
    private var start = 0
    /// Set while dropping the rest of an over-long line.
    private var skipping = false

    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete line, or nil until more bytes come; `limit` counts the line's bytes.
    mutating func next(limit: Int) -> Line? {
        guard let newline = buffer[start...].firstIndex(of: 0x0A) else {
            if buffer.count - start > limit + 1 {
                start = buffer.count
                skipping = true
            }
            return nil
        }
        var end = newline
        if end > start, buffer[end - 1] == 0x0D { end -= 1 }
        let line = Array(buffer[start..<end])
        start = newline + 1
        if skipping || line.count > limit {
            skipping = false
            return Line(bytes: [], tooLong: true)
        }
        return Line(bytes: line, tooLong: false)
    }
}
