// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A forward-only reader of JSON bytes that checks structure and skips values without building
/// them: what `PullSummary` needs to count a page's changes at a fraction of `JSONDecoder`'s cost.
///
/// Strings are compared as written between the quotes (escapes are checked, not decoded): the
/// keys it looks for are plain ASCII, which the server never escapes. Every error names the byte
/// offset where the JSON went wrong; control characters inside strings are not looked for. It
/// reads raw bytes (valid only inside the closure that lent
/// them): through `ByteBufferView` and with a `String` per skipped string it cost twice what
/// `JSONDecoder` did.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    private var position: Int
    private var depth = 0

    /// `null` as a little-endian word.
    static let null = UInt32(littleEndian: 0x6C6C_756E)

    /// Deeper nesting is refused rather than recursed into.
    static let maxDepth = 256

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        position = 0
    }

    private var offset: Int { position }

    @inline(never) private func failure(_ what: String) -> LoadError {
        .badBody("answer: \(what) at byte \(offset)")
    }

    // The small steps below are inlined by hand (`@inline(__always)`): called as functions, with
    // their typed throws, they were a third of the scan of a page of rows.
    @inline(__always) private mutating func skipWhitespace() {
        while position < bytes.endIndex {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    @inline(__always) private mutating func peek() throws(LoadError) -> UInt8 {
        skipWhitespace()
        guard position < bytes.endIndex else { throw failure("unexpected end") }
        return bytes[position]
    }

    /// Consumes `byte` (after whitespace) if it is next; true if it was.
    @inline(__always) mutating func consume(_ byte: UInt8) throws(LoadError) -> Bool {
        if position < bytes.endIndex, bytes[position] == byte {
            position += 1
            return true
        }
        guard try peek() == byte else { return false }
        position += 1
        return true
    }

    @inline(__always) mutating func expect(_ byte: UInt8) throws(LoadError) {
        guard try consume(byte) else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
    }

    /// Nothing but whitespace is left.
    mutating func expectEnd() throws(LoadError) {
        skipWhitespace()
        guard position == bytes.endIndex else { throw failure("text after the JSON value") }
    }

    /// Skips a string; returns where its content, as written, lies.
    ///
    /// The closing quote is found with `memchr` (a quote after an odd run of backslashes is part
    /// of the string): byte by byte, strings were most of the scan.
    mutating func string() throws(LoadError) -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        return try stringBody()
    }

    /// The rest of a string whose opening quote was just consumed.
    private mutating func stringBody() throws(LoadError) -> Range<Int> {
        let start = position
        var from = position
        while let base = bytes.baseAddress, from < bytes.count,
            let found = memchr(base + from, Int32(UInt8(ascii: "\"")), bytes.count - from)
        {
            let end = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while end - backslashes - 1 >= start, bytes[end - backslashes - 1] == UInt8(ascii: "\\") {
                backslashes += 1
            }
            if backslashes % 2 == 0 {
                position = end + 1
                return start..<end
            }
            from = end + 1
        }
        throw failure("an unterminated string")
    }

    /// Reads an object key: the index of the one of `keys` it is, or nil for another.
    mutating func key(among keys: [StaticString]) throws(LoadError) -> Int? {
        let range = try string()
        return keys.firstIndex { key in
            key.withUTF8Buffer { $0.count == range.count && bytes[range].elementsEqual($0) }
        }
    }

    mutating func integer() throws(LoadError) -> Int64 {
        _ = try peek()
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let start = position
        var value: Int64 = 0
        while position < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(Int64(bytes[position] - UInt8(ascii: "0")))
            guard !overflow, !carry else { throw failure("an integer out of range") }
            value = sum
            position += 1
        }
        guard position > start else { throw failure("expected an integer") }
        return negative ? -value : value
    }

    mutating func boolean() throws(LoadError) -> Bool {
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw failure("expected true or false")
    }

    private mutating func literal(_ word: StaticString) throws(LoadError) -> Bool {
        _ = try peek()
        let length = word.utf8CodeUnitCount
        guard bytes.endIndex - position >= length else { return false }
        let text = word.utf8Start
        for index in 0..<length where bytes[position + index] != text[index] { return false }
        position += length
        return true
    }

    /// Counts and skips the elements of an array.
    mutating func countArray() throws(LoadError) -> Int {
        try expect(UInt8(ascii: "["))
        if try consume(UInt8(ascii: "]")) { return 0 }
        var count = 0
        repeat {
            try skipValue()
            count += 1
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return count
    }

    /// Skips one value of any kind, checking its structure.
    mutating func skipValue() throws(LoadError) {
        // The common members of a row first, without the whitespace check: the server writes none.
        if position + 4 <= bytes.endIndex {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                _ = try stringBody()
                return
            }
            if byte == UInt8(ascii: "n"),
                bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self) == Self.null
            {
                position += 4
                return
            }
        }
        switch try peek() {
        case UInt8(ascii: "\""):
            // Already seen by `peek`: a row of a pull page is mostly strings and nulls.
            position += 1
            _ = try stringBody()
        case UInt8(ascii: "["):
            try nested { (scanner: inout JSONScanner) throws(LoadError) in _ = try scanner.countArray() }
        case UInt8(ascii: "{"):
            try nested { (scanner: inout JSONScanner) throws(LoadError) in try scanner.skipObject() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try boolean()
        case UInt8(ascii: "n"): guard try literal("null") else { throw failure("expected null") }
        default: try skipNumber()
        }
    }

    private mutating func nested(_ body: (inout JSONScanner) throws(LoadError) -> Void) throws(LoadError) {
        guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth)") }
        depth += 1
        try body(&self)
        depth -= 1
    }

    private mutating func skipObject() throws(LoadError) {
        try expect(UInt8(ascii: "{"))
        if try consume(UInt8(ascii: "}")) { return }
        repeat {
            _ = try string()
            try expect(UInt8(ascii: ":"))
            try skipValue()
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    private mutating func skipNumber() throws(LoadError) {
        let start = position
        let allowed: (UInt8) -> Bool = {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+")
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
        }
        while position < bytes.endIndex, allowed(bytes[position]) { position += 1 }
        if Self.isInteger(bytes[start..<position]) { return }
        // Rare in a pull answer (seqs and counters are integers): parsed only to check it.
        guard position > start, Double(String(decoding: bytes[start..<position], as: UTF8.self)) != nil else {
            throw failure("expected a JSON value")
        }
    }

    /// `-?(0|[1-9][0-9]*)`: every row of a pull page starts with one (its seq), so the common
    /// case is checked in place; going through `String` and `strtod` was 4 % of crm-load's CPU.
    private static func isInteger(_ text: Slice<UnsafeRawBufferPointer>) -> Bool {
        var digits = text[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1 else { return false }
        return digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
