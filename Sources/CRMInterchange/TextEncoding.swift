// crm — a terminal-first CRM. Licensed under the MIT License.

/// The text encodings an import file may come in, detected from its first bytes.
///
/// Real exports arrive as UTF-8 (with or without a BOM; Salesforce writes one), as UTF-16LE with a
/// BOM (Excel's "Unicode text", Salesforce Data Loader fixtures), or as Windows-1252 / Latin-1
/// (older Excel on Windows). All are converted to UTF-8 while streaming; anything else, and binary
/// files, are refused with a message saying what the file looks like.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    /// Windows-1252, the superset of ISO-8859-1 that Excel writes; decoded byte by byte.
    case windows1252 = "Windows-1252 (Latin-1)"

    /// How many leading bytes `detect` looks at.
    public static let sniffLength = 64 * 1024

    /// Detects the encoding and the BOM length from the start of a file.
    ///
    /// Throws `InterchangeError.binaryFile` for archives, spreadsheets, images and anything with
    /// NUL bytes that is not UTF-16, and `.unsupportedEncoding` for UTF-32.
    public static func detect(_ prefix: [UInt8]) throws -> (encoding: TextEncoding, bomLength: Int) {
        if prefix.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || prefix.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            throw InterchangeError.unsupportedEncoding("UTF-32")
        }
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if prefix.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if prefix.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        if let kind = binaryKind(prefix) { throw InterchangeError.binaryFile(kind: kind) }
        return (isValidUTF8Prefix(prefix) ? .utf8 : .windows1252, 0)
    }

    /// Names what a binary file looks like, or nil if it looks like text.
    static func binaryKind(_ prefix: [UInt8]) -> String? {
        let magics: [([UInt8], String)] = [
            ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive or an .xlsx workbook; unzip it or save the sheet as CSV"),
            ([0xD0, 0xCF, 0x11, 0xE0], "an .xls workbook; save the sheet as CSV"),
            (Array("%PDF".utf8), "a PDF document"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            ([0x1F, 0x8B], "a gzip archive; gunzip it first"),
            (Array("SQLite format 3".utf8), "an SQLite database"),
            ([0x7F, 0x45, 0x4C, 0x46], "an executable"),
        ]
        if let match = magics.first(where: { prefix.starts(with: $0.0) }) { return match.1 }
        let sample = prefix.prefix(8192)
        if sample.contains(0) { return "it contains NUL bytes" }
        let controls = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }
        return controls.count * 20 > max(sample.count, 1) ? "it is mostly control characters" : nil
    }

    /// Whether `bytes` is valid UTF-8, allowing one sequence cut off at the end.
    static func isValidUTF8Prefix(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        var back = 0
        while back < 3, end > 0, bytes[end - 1] & 0xC0 == 0x80 {
            end -= 1
            back += 1
        }
        if end > 0, bytes[end - 1] >= 0xC0 { end -= 1 } else { end = bytes.count }
        return String(validating: bytes[0..<end], as: UTF8.self) != nil
    }
}
