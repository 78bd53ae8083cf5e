// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMTUI

@testable import CRMTUITestSupport

/// Helpers that measure rendered lines in display cells.
enum Layout {
    /// The display column where `needle` starts in `line`, or nil.
    static func column(of needle: String, in line: String) -> Int? {
        guard let range = line.range(of: needle) else { return nil }
        return DisplayWidth.of(line[line.startIndex..<range.lowerBound])
    }

    /// The text in display cells `start..<start+width` of a line.
    static func cells(_ line: String, from start: Int, width: Int) -> String {
        var result = ""
        var column = 0
        for character in line {
            let cells = DisplayWidth.of(character: character)
            if column >= start && column + cells <= start + width { result.append(character) }
            column += cells
        }
        return result
    }
}
