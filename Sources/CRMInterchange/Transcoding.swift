// crm — a terminal-first CRM. Licensed under the MIT License.

/// Chunk-wise conversions from UTF-16 and Windows-1252 to UTF-8, used by `UTF8ByteSource`.
///
/// Hand-written because Foundation's converters need the whole text at once and cannot carry a
/// surrogate pair split across two chunks.
enum Transcoding {
    static func fromWindows1252(_ chunk: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count + chunk.count / 8)
        for byte in chunk {
            if byte < 0x80 {
                out.append(byte)
            } else {
                let scalar =
                    byte >= 0xA0 || windows1252High[Int(byte - 0x80)] == 0
                    ? UInt32(byte) : UInt32(windows1252High[Int(byte - 0x80)])
                out.append(contentsOf: utf8(of: scalar))
            }
        }
        return out
    }

    /// Decodes whole UTF-16 units; returns the UTF-8 text and the bytes of an unfinished unit or pair.
    static func fromUTF16(_ bytes: [UInt8], littleEndian: Bool) -> ([UInt8], [UInt8]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        func unit(_ at: Int) -> UInt32 {
            littleEndian
                ? UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 : UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1])
        }
        while index + 1 < bytes.count {
            let first = unit(index)
            if (0xD800...0xDBFF).contains(first) {
                guard index + 3 < bytes.count else { break }
                let second = unit(index + 2)
                let valid = (0xDC00...0xDFFF).contains(second)
                out.append(
                    contentsOf: utf8(of: valid ? 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00) : 0xFFFD))
                index += valid ? 4 : 2
            } else {
                out.append(contentsOf: utf8(of: (0xDC00...0xDFFF).contains(first) ? 0xFFFD : first))
                index += 2
            }
        }
        return (out, Array(bytes[index...]))
    }

    static func utf8(of scalar: UInt32) -> [UInt8] {
        guard let value = Unicode.Scalar(scalar) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(value)).utf8)
    }

    /// Windows-1252 code points for bytes 0x80...0x9F (0 where the byte is undefined).
    static let windows1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]
}
