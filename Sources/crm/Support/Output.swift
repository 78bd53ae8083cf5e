// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Writes results: JSON for scripts, aligned tables for people.
enum Output {
    /// Prints a JSON value with sorted keys, one document per call.
    static func json(_ value: Any) throws {
        let data = try JSONSerialization.data(
            withJSONObject: value, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes, .fragmentsAllowed])
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Prints rows as columns padded to their widest cell (cells cut at `maxWidth`).
    static func table(_ header: [String], _ rows: [[String]], maxWidth: Int = 40) {
        guard !rows.isEmpty else { return }
        let cut = { (cell: String) -> String in
            let flat = cell.replacingOccurrences(of: "\n", with: " ")
            return flat.count > maxWidth ? String(flat.prefix(maxWidth - 1)) + "…" : flat
        }
        let cells = ([header] + rows).map { $0.map(cut) }
        var widths = Array(repeating: 0, count: header.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        for row in cells {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1
                    ? cell : cell + String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
            }
            print(line.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    /// Prints "key: value" lines for one record.
    static func fields(_ pairs: [(String, String?)]) {
        let width = pairs.map(\.0.count).max() ?? 0
        for (key, value) in pairs {
            guard let value, !value.isEmpty else { continue }
            print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }
}

/// Terminal cell width of text: East Asian wide characters and emoji take two cells.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in width + cells(scalar) }
    }

    static func cells(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark || value == 0x200D || (0xFE00...0xFE0F).contains(value)
        {
            return 0
        }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}
