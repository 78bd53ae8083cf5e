// crm — a terminal-first CRM. Licensed under the MIT License.

/// Reads an `Accept-Encoding` header for gzip (RFC 9110, section 12.5.3), on its bytes.
///
/// Every pull with a page asks this, and splitting, trimming and lower-casing the header as
/// strings was 2.6 % of a 64-change pull's CPU; this walks the bytes once and allocates nothing.
enum AcceptEncoding {
    /// Whether `header` lists gzip with a non-zero quality: a `gzip` item, any case, any spaces,
    /// none of whose parameters is `q=0`, `q=0.0`, `q=0.00` or `q=0.000`.
    static func acceptsGzip(_ header: String) -> Bool {
        var header = header
        return header.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.count
                if itemAcceptsGzip(UnsafeBufferPointer(rebasing: bytes[start..<end])) { return true }
                start = end + 1
            }
            return false
        }
    }

    /// One comma-separated item: the coding, then `;`-separated parameters.
    private static func itemAcceptsGzip(_ item: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var isCoding = true
        while start <= item.count {
            let end = item[start...].firstIndex(of: UInt8(ascii: ";")) ?? item.count
            let part = trimmed(UnsafeBufferPointer(rebasing: item[start..<end]))
            if isCoding {
                guard equalsIgnoringCase(part, "gzip") else { return false }
                isCoding = false
            } else if ["q=0", "q=0.0", "q=0.00", "q=0.000"].contains(where: { equalsIgnoringCase(part, $0) }) {
                return false
            }
            start = end + 1
        }
        return true
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else {
            return UnsafeBufferPointer(rebasing: bytes[0..<0])
        }
        let last = bytes.lastIndex(where: { !isSpace($0) }) ?? first
        return UnsafeBufferPointer(rebasing: bytes[first...last])
    }

    /// ASCII case-insensitive equality with a lower-case literal.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        return lower.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, want in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == want
            }
        }
    }
}
