// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Reads vCard 2.1, 3.0 and 4.0 files into `VCard`s.
///
/// Handles what real address-book exports contain: folded lines (a leading space or tab), 2.1
/// quoted-printable soft line breaks (which win over `#` comment lines, as Android's parser
/// does), `#` comment lines, blank lines between cards, mixed-case `BEGIN:vCard`, raw Shift_JIS
/// bytes with `CHARSET=SHIFT_JIS`, and base64 photos (skipped).
public enum VCardParser {
    /// Parses every card in the file at `path`.
    public static func parse(path: String) throws -> [VCard] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InterchangeError.fileNotFound(path: path)
        }
        return try parse([UInt8](data))
    }

    /// Parses every card in `bytes`.
    public static func parse(_ bytes: [UInt8]) throws -> [VCard] {
        if bytes.prefix(8192).contains(0) {
            throw InterchangeError.binaryFile(kind: "it contains NUL bytes", format: "vCard")
        }
        var cards: [VCard] = []
        var current: VCard?
        for (number, line) in logicalLines(bytes) {
            guard let property = VCardProperty(line: line) else {
                throw InterchangeError.invalidVCard(line: number, reason: "expected NAME:value, e.g. FN:Jane Doe")
            }
            let value = property.text.trimmed()
            if property.name == "BEGIN" && value.uppercased() == "VCARD" {
                if let open = current {
                    throw InterchangeError.invalidVCard(
                        line: number, reason: "the card begun on line \(open.line) has no END:VCARD")
                }
                current = VCard(line: number)
            } else if property.name == "END" && value.uppercased() == "VCARD" {
                guard let card = current else {
                    throw InterchangeError.invalidVCard(line: number, reason: "END:VCARD without BEGIN:VCARD")
                }
                cards.append(card)
                current = nil
            } else if current != nil {
                current?.apply(property)
            } else {
                throw InterchangeError.invalidVCard(
                    line: number, reason: "\(property.name) outside BEGIN:VCARD … END:VCARD")
            }
        }
        if let open = current {
            throw InterchangeError.invalidVCard(line: open.line, reason: "the card begun here has no END:VCARD")
        }
        return cards
    }

    /// Unfolds physical lines into content lines, each with the number of its first physical line.
    static func logicalLines(_ bytes: [UInt8]) -> [(Int, [UInt8])] {
        var lines: [(Int, [UInt8])] = []
        var softBreak = false
        for (number, line) in physicalLines(bytes) {
            if softBreak, !lines.isEmpty {
                lines[lines.count - 1].1.removeLast()
                lines[lines.count - 1].1 += line
            } else if let first = line.first, first == 0x20 || first == 0x09, !lines.isEmpty {
                lines[lines.count - 1].1 += line.dropFirst()
            } else if line.isEmpty || line.first == UInt8(ascii: "#") {
                continue
            } else {
                lines.append((number, line))
            }
            softBreak = endsWithSoftBreak(lines[lines.count - 1].1)
        }
        return lines
    }

    /// A quoted-printable value ending in `=` continues on the next physical line.
    static func endsWithSoftBreak(_ line: [UInt8]) -> Bool {
        guard line.last == UInt8(ascii: "="), let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return String(decoding: line[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    static func physicalLines(_ bytes: [UInt8]) -> [(Int, [UInt8])] {
        var lines: [(Int, [UInt8])] = []
        var start = 0
        var index = 0
        var number = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append((number, Array(bytes[start..<index])))
                number += 1
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append((number, Array(bytes[start...]))) }
        return lines
    }
}

extension VCard {
    /// Adds one property's value to the card.
    mutating func apply(_ property: VCardProperty) {
        let text = property.text
        switch property.name {
        case "VERSION": version = text.trimmed()
        case "FN": if formattedName == nil { formattedName = VCardProperty.unescape(text) }
        case "N": if nameParts.isEmpty { nameParts = VCardProperty.split(text, on: ";").map(VCardProperty.unescape) }
        case "EMAIL":
            emails.append(
                Typed(
                    VCardProperty.unescape(text).trimmed(), types: property.types,
                    preferred: property.isPreferred))
        case "TEL":
            var number = text.trimmed()
            if number.lowercased().hasPrefix("tel:") {
                number = String(number.dropFirst(4)).replacingOccurrences(of: ";ext=", with: " ext. ")
            }
            phones.append(Typed(number, types: property.types, preferred: property.isPreferred))
        case "ORG":
            if organization.isEmpty { organization = VCardProperty.split(text, on: ";").map(VCardProperty.unescape) }
        case "TITLE": title = VCardProperty.unescape(text)
        case "ROLE": role = VCardProperty.unescape(text)
        case "NOTE": notes.append(VCardProperty.unescape(text))
        case "ADR":
            addresses.append(
                Address(
                    components: VCardProperty.split(text, on: ";").map(VCardProperty.unescape), types: property.types))
        case "CATEGORIES":
            categories += VCardProperty.split(text, on: ",").map {
                VCardProperty.unescape($0).trimmed()
            }
            .filter { !$0.isEmpty }
        case "UID": uid = text.trimmed()
        case "PHOTO", "LOGO", "SOUND", "KEY": skipped.append(property.name)
        case let name where name.hasPrefix("X-CRM-"):
            extensions[String(name.dropFirst(6))] = VCardProperty.unescape(text)
        case let name where name.hasPrefix("X-") && name.count > 2:
            otherExtensions[String(name.dropFirst(2))] = VCardProperty.unescape(text)
        default: break
        }
    }
}
