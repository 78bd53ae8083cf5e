// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// One content line of a vCard split into group, name, parameters and decoded value.
///
/// Decoding follows what phones and address books really write: 2.1 bare parameters (`TEL;WORK;VOICE`),
/// `ENCODING=QUOTED-PRINTABLE` with `CHARSET=SHIFT_JIS` (or any charset Foundation knows), 3.0/4.0
/// `TYPE=` lists, quoted parameter values (`SORT-AS="a;b"`), and backslash escapes.
struct VCardProperty {
    let name: String
    /// Parameter names (upper-case) and their values; a bare 2.1 parameter is a `TYPE` value.
    let parameters: [(String, String)]
    /// The value bytes after transfer decoding (quoted-printable), before charset decoding.
    let raw: [UInt8]

    /// Parses a logical (unfolded) line; nil if it has no `:`.
    init?(line: [UInt8]) {
        var inQuotes = false
        guard
            let colon = line.firstIndex(where: { byte in
                if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
                return byte == UInt8(ascii: ":") && !inQuotes
            })
        else { return nil }
        let head = String(decoding: line[..<colon], as: UTF8.self)
        var pieces = Self.split(head, on: ";")
        let fullName = pieces.removeFirst()
        name = String(fullName.split(separator: ".").last ?? Substring(fullName)).uppercased()
        parameters = pieces.map { piece in
            guard let equals = piece.firstIndex(of: "=") else { return ("TYPE", piece) }
            let value = piece[piece.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return (piece[..<equals].uppercased(), value)
        }
        let value = Array(line[line.index(after: colon)...])
        raw = Self.isQuotedPrintable(parameters) ? Self.decodeQuotedPrintable(value) : value
    }

    static func isQuotedPrintable(_ parameters: [(String, String)]) -> Bool {
        parameters.contains { ($0.0 == "ENCODING" || $0.0 == "TYPE") && $0.1.uppercased() == "QUOTED-PRINTABLE" }
    }

    /// Whether the value is base64 or otherwise binary (`ENCODING=b`, `ENCODING=BASE64`, `data:` URIs).
    var isBinary: Bool {
        parameters.contains { $0.0 == "ENCODING" && ["B", "BASE64"].contains($0.1.uppercased()) }
            || raw.starts(with: Array("data:".utf8))
    }

    /// The lower-cased `TYPE` values (2.1 bare parameters and comma-separated `TYPE=` lists).
    var types: [String] {
        parameters.filter { $0.0 == "TYPE" }.flatMap { $0.1.split(separator: ",") }.map { $0.lowercased() }
            .filter { !["quoted-printable", "internet", "pref", "voice", "x400"].contains($0) }
    }

    var isPreferred: Bool {
        parameters.contains {
            ($0.0 == "PREF") || ($0.0 == "TYPE" && $0.1.lowercased().split(separator: ",").contains("pref"))
        }
    }

    func parameter(_ name: String) -> String? { parameters.first { $0.0 == name }?.1 }

    /// The value as text, decoded with the `CHARSET` parameter (UTF-8 if none; Windows-1252 if not UTF-8).
    var text: String {
        if let charset = parameter("CHARSET"), let encoding = Self.encoding(named: charset),
            let decoded = String(data: Data(raw), encoding: encoding)
        {
            return decoded
        }
        return String(validating: raw, as: UTF8.self)
            ?? String(decoding: Transcoding.fromWindows1252(raw), as: UTF8.self)
    }

    static func encoding(named name: String) -> String.Encoding? {
        switch name.uppercased().replacingOccurrences(of: "_", with: "-") {
        case "UTF-8": .utf8
        case "SHIFT-JIS", "SJIS", "CP932", "WINDOWS-31J": .shiftJIS
        case "EUC-JP": .japaneseEUC
        case "ISO-2022-JP": .iso2022JP
        case "ISO-8859-1", "LATIN1": .isoLatin1
        case "ISO-8859-2": .isoLatin2
        case "WINDOWS-1252", "CP1252": .windowsCP1252
        case "US-ASCII", "ASCII": .ascii
        default: nil
        }
    }

    /// Splits on an unescaped, unquoted separator.
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        var inQuotes = false
        for char in text {
            if escaped {
                current.append(char)
                escaped = false
            } else if char == "\\" {
                current.append(char)
                escaped = true
            } else if char == "\"" {
                inQuotes.toggle()
                current.append(char)
            } else if char == separator && !inQuotes {
                parts.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        parts.append(current)
        return parts
    }

    /// Undoes `\n`, `\,`, `\;` and `\\`.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaped = false
        for char in text {
            if escaped {
                out.append(char == "n" || char == "N" ? "\n" : char)
                escaped = false
            } else if char == "\\" {
                escaped = true
            } else {
                out.append(char)
            }
        }
        return out
    }

    static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "="), let high = hex(bytes, index + 1), let low = hex(bytes, index + 2) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private static func hex(_ bytes: [UInt8], _ index: Int) -> UInt8? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return bytes[index] - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return bytes[index] - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return bytes[index] - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
