// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMTUI
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
        // Cut by terminal cells, not characters, so CJK and emoji names keep the columns aligned.
        let cut = { (cell: String) -> String in
            DisplayWidth.truncate(cell.replacingOccurrences(of: "\n", with: " "), to: maxWidth)
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
