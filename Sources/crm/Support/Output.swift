// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI
import Foundation

/// Writes results: JSON for scripts, aligned tables for people.
///
/// Everything written for people goes through `TerminalText.safe`, here and nowhere else: a
/// value synced from another device or imported from a file may carry escape sequences, and
/// they must reach the terminal as visible text (`␛[2J`), never as bytes it obeys. JSON output
/// escapes control characters as JSON does.
enum Output {
    /// Prints one line (or several, split by its own newlines) for people, made terminal-safe.
    static func line(_ text: String) {
        print(TerminalText.safe(text, multiline: true))
    }

    /// Writes `text` to stderr, made terminal-safe.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.safe(text, multiline: true).utf8))
    }

    /// Prints a JSON value, indented with sorted keys (`JSONValue.prettyText`), one document per call.
    static func json(_ value: some JSONValueConvertible) {
        FileHandle.standardOutput.write(Data((value.jsonValue.prettyText + "\n").utf8))
    }

    /// Prints rows as columns padded to their widest cell (cells cut at `maxWidth`).
    static func table(_ header: [String], _ rows: [[String]], maxWidth: Int = 40) {
        guard !rows.isEmpty else { return }
        // Cut by terminal cells, not characters, so CJK and emoji names keep the columns aligned.
        let cut = { (cell: String) -> String in
            DisplayWidth.truncate(TerminalText.safe(cell), to: maxWidth)
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
            Output.line(line.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    /// Prints "key: value" lines for one record.
    static func fields(_ pairs: [(String, String?)]) {
        let width = pairs.map(\.0.count).max() ?? 0
        for (key, value) in pairs {
            guard let value, !value.isEmpty else { continue }
            Output.line(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }
}
