// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A cursor over the UTF-8 bytes of a JSON text that reads, strictly, the shapes a push body is
/// made of, and gives up (nil) at anything else.
///
/// It is the fast path of `PushBodyParser`, which answers nil whenever this gives up; the body
/// then goes through `JSONDecoder` as before, so every error message still comes from there. So
/// giving up is always safe, and accepting is the part that must be exact: what this reads must
/// be what `JSONDecoder` makes of the same bytes. It therefore gives up on whatever the decoder
/// might read otherwise: numbers with a fraction or an exponent, `-0`, integers past `Int64`,
/// lone surrogates, invalid UTF-8, control characters in strings, nesting deeper than
/// `maxDepth`. `PushBodyParserTests` compares the two on mutated bodies.
struct JSONBytes {
    let bytes: UnsafeRawBufferPointer
    private(set) var index = 0

    /// Deeper values are left to the decoder (whose own limit is higher).
    static let maxDepth = 32

    init(_ bytes: UnsafeRawBufferPointer, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    /// Moves past JSON's four blanks.
    mutating func skipBlanks() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next byte after blanks, not consumed; nil at the end.
    mutating func peek() -> UInt8? {
        skipBlanks()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Consumes `byte` if it comes next (after blanks).
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `null` if it comes next.
    mutating func takeNull() -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        return literal("null")
    }

    /// Whether nothing but blanks is left.
    mutating func atEnd() -> Bool { peek() == nil }

    /// Starts the object or array opened by `open`: true when it is empty (and already closed),
    /// nil when `open` does not come next.
    mutating func open(_ open: UInt8, close: UInt8) -> Bool? {
        guard take(open) else { return nil }
        return take(close)
    }

    /// After a member of an object or array: true if another follows (its comma consumed), false
    /// at `close` (consumed), nil at anything else.
    mutating func next(close: UInt8) -> Bool? {
        if take(UInt8(ascii: ",")) { return true }
        return take(close) ? false : nil
    }

    /// An object key and its colon.
    mutating func key() -> String? {
        guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
        return key
    }

    /// A JSON integer without fraction or exponent, within `Int64`, not `-0`.
    mutating func integer() -> Int64? {
        skipBlanks()
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value: Int64 = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            // Accumulated negatively, so Int64.min fits.
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, under) = times.subtractingReportingOverflow(Int64(digit))
            guard !overflow, !under else { return nil }
            value = sum
            index += 1
        }
        let count = index - start
        guard count > 0, count == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        if negative { return value == 0 ? nil : value }
        return value == Int64.min ? nil : -value
    }

    /// Any JSON value but one holding a non-integral or out-of-range number.
    mutating func value(depth: Int = 0) -> JSONValue? {
        guard depth < Self.maxDepth, let first = peek() else { return nil }
        switch first {
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "{"): return object(depth: depth)
        default: return integer().map(JSONValue.int)
        }
    }

    private mutating func array(depth: Int) -> JSONValue? {
        guard let empty = open(UInt8(ascii: "["), close: UInt8(ascii: "]")) else { return nil }
        var items: [JSONValue] = []
        var more = !empty
        while more {
            guard let item = value(depth: depth + 1), let next = next(close: UInt8(ascii: "]")) else { return nil }
            items.append(item)
            more = next
        }
        return .array(items)
    }

    private mutating func object(depth: Int) -> JSONValue? {
        guard let empty = open(UInt8(ascii: "{"), close: UInt8(ascii: "}")) else { return nil }
        var fields: [String: JSONValue] = [:]
        var more = !empty
        while more {
            // A repeated key is left to the decoder.
            guard let key = key(), fields[key] == nil, let item = value(depth: depth + 1),
                let next = next(close: UInt8(ascii: "}"))
            else { return nil }
            fields[key] = item
            more = next
        }
        return .object(fields)
    }

    /// A JSON string, unescaped; nil for control characters, invalid UTF-8 or a lone surrogate.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return escaped(from: start) }
            guard byte >= 0x20 else { return nil }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        return nil
    }

    /// The rest of a string that holds an escape, from its first byte at `start`.
    private mutating func escaped(from start: Int) -> String? {
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    guard let scalar = unicodeEscape() else { return nil }
                    UTF8.encode(scalar) { out.append($0) }
                } else {
                    guard let plain = Self.plainEscapes[escape] else { return nil }
                    out.append(plain)
                }
            case 0..<0x20: return nil
            default: out.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (the `\u` consumed), with the low half of a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high) }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        else { return nil }
        index += 2
        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Self.hexDigit(byte) else { return nil }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    /// Consumes `word` (null, true, false) if it comes next.
    private mutating func literal(_ word: StaticString) -> Bool {
        skipBlanks()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        if matches { index += count }
        return matches
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? byte - UInt8(ascii: "0") : nil
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The one-letter escapes and the byte each stands for.
    private static let plainEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
    ]
}
