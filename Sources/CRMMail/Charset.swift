// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Decodes text in a MIME charset (RFC 2046 section 4.1.2) with Foundation's `String.Encoding`.
///
/// Names are matched after lower-casing and removing `-`/`_`, so `Shift_JIS`, `shift-jis` and
/// `SJIS` are one. US-ASCII is read as Windows-1252 and ISO-8859-1 as Windows-1252 too: mailers
/// label Windows-1252 text as either (the WHATWG encoding standard does the same), and the two agree
/// on every byte ISO-8859-1 prints. Bytes that do not decode become U+FFFD rather than losing the
/// whole body; an unknown charset is read as UTF-8 the same way.
public enum Charset {
    /// The encoding for a charset label, or nil when Foundation has none for it.
    public static func encoding(named label: String) -> String.Encoding? {
        let key = label.lowercased().filter { $0 != "-" && $0 != "_" && $0 != "\"" && $0 != " " }
        switch key {
        case "utf8", "utf8mb4": return .utf8
        case "usascii", "ascii", "iso88591", "latin1", "l1", "windows1252", "cp1252", "iso885915", "ansix3.41968":
            return .windowsCP1252
        case "shiftjis", "sjis", "xsjis", "windows31j", "cp932", "mskanji": return .shiftJIS
        case "iso2022jp", "csiso2022jp": return .iso2022JP
        case "eucjp", "xeucjp": return .japaneseEUC
        case "iso88592", "latin2": return .isoLatin2
        case "windows1250", "cp1250": return .windowsCP1250
        case "windows1251", "cp1251": return .windowsCP1251
        case "windows1253", "cp1253": return .windowsCP1253
        case "windows1254", "cp1254": return .windowsCP1254
        case "utf16": return .utf16
        case "utf16le": return .utf16LittleEndian
        case "utf16be": return .utf16BigEndian
        default: return nil
        }
    }

    /// `bytes` as text in `label` (UTF-8 when nil or unknown).
    public static func decode(_ bytes: some Collection<UInt8>, charset label: String?) -> String {
        let encoding = label.flatMap(encoding(named:)) ?? .utf8
        if encoding == .utf8 { return String(decoding: bytes, as: UTF8.self) }
        if encoding == .windowsCP1252 { return windows1252(bytes) }
        if let text = String(data: Data(bytes), encoding: encoding) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Windows-1252 by table: Foundation on Linux refuses the five bytes the code page leaves unset
    /// (0x81, 0x8D, 0x8F, 0x90, 0x9D), which would drop a whole body for one stray byte.
    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte >= 0x80, byte < 0xA0, let mapped = Unicode.Scalar(high[Int(byte - 0x80)]) {
                scalars.append(mapped)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    private static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
