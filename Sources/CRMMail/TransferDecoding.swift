// crm — a terminal-first CRM. Licensed under the MIT License.

/// Content-Transfer-Encoding decoders (RFC 2045 section 6): quoted-printable and base64.
///
/// Both are lenient the way mail readers are: base64 skips characters outside its alphabet (line
/// ends, stray spaces) and stops at padding; quoted-printable keeps an `=` that is not followed by
/// two hex digits or a line end as written.
public enum TransferDecoding {
    /// Decodes a body for its `Content-Transfer-Encoding` value (7bit, 8bit and binary pass through).
    public static func decode(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmingMailSpace() {
        case "base64": return base64(bytes)
        case "quoted-printable": return quotedPrintable(bytes, underscoreIsSpace: false)
        default: return Array(bytes)
        }
    }

    /// Base64 to bytes; an incomplete last group is decoded as far as it goes.
    public static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 3 / 4)
        var buffer: UInt32 = 0
        var count = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case 0x41...0x5A: value = UInt32(byte - 0x41)
            case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
            case 0x2B, 0x2D: value = 62
            case 0x2F, 0x5F: value = 63
            default: continue
            }
            buffer = buffer << 6 | value
            count += 1
            if count == 4 {
                result.append(UInt8(buffer >> 16 & 0xFF))
                result.append(UInt8(buffer >> 8 & 0xFF))
                result.append(UInt8(buffer & 0xFF))
                buffer = 0
                count = 0
            }
        }
        if count == 3 {
            result.append(UInt8(buffer >> 10 & 0xFF))
            result.append(UInt8(buffer >> 2 & 0xFF))
        } else if count == 2 {
            result.append(UInt8(buffer >> 4 & 0xFF))
        }
        return result
    }

    /// Quoted-printable to bytes; `underscoreIsSpace` for the Q encoding of RFC 2047 headers.
    public static func quotedPrintable(_ bytes: ArraySlice<UInt8>, underscoreIsSpace: Bool) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x3D {
                var next = index + 1
                while next < bytes.endIndex, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
                if next < bytes.endIndex, bytes[next] == 0x0A {
                    index = next + 1
                    continue
                }
                if next + 1 < bytes.endIndex, bytes[next] == 0x0D, bytes[next + 1] == 0x0A {
                    index = next + 2
                    continue
                }
                if index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                    result.append(high << 4 | low)
                    index += 3
                    continue
                }
                if next == bytes.endIndex {
                    index = next
                    continue
                }
            }
            result.append(underscoreIsSpace && byte == 0x5F ? 0x20 : byte)
            index += 1
        }
        return result
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
