// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Sparklines and bars drawn with Unicode block characters, or ASCII on terminals without them.
///
/// One cell per value, every glyph one column wide, so a series of 12 weeks is 12 columns in
/// any terminal. The dashboard and `crm report trends --chart` draw with this same code.
///
/// ```swift
/// Sparkline.line([0, 2, 5, nil, 8])                 // "▁▃▆ █"
/// Sparkline.line([0, 2, 5, nil, 8], glyphs: .ascii)  // "_,= #"
/// Sparkline.bar(3, of: 8, width: 8)              // "███"
/// ```
public enum Sparkline {
    /// Which characters to draw with.
    public enum Glyphs: Sendable, Equatable {
        case unicode, ascii

        /// Unicode when the locale's character set is UTF-8 (`LC_ALL`, then `LC_CTYPE`, then
        /// `LANG`, the order setlocale reads them), ASCII otherwise, as in a bare `C` locale.
        public static func detect(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Glyphs {
            let locale =
                [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]]
                .compactMap { $0 }.first { !$0.isEmpty } ?? ""
            let folded = locale.lowercased().replacingOccurrences(of: "-", with: "")
            return folded.contains("utf8") ? .unicode : .ascii
        }

        /// Eight heights, lowest first.
        var levels: [Character] {
            switch self {
            case .unicode: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
            case .ascii: ["_", ".", ",", ":", "-", "=", "+", "#"]
            }
        }

        var full: Character { self == .unicode ? "█" : "#" }
    }

    /// One cell per value, scaled from zero to `maximum` (default: the largest value).
    ///
    /// Zero draws the lowest cell, any value above zero at least the second, so a quiet week
    /// is told from an empty one; nil (no data, such as a week with nothing resolved) is a gap.
    public static func line(_ values: [Double?], maximum: Double? = nil, glyphs: Glyphs = .unicode) -> String {
        let levels = glyphs.levels
        let top = maximum ?? values.compactMap { $0 }.max() ?? 0
        return String(
            values.map { value -> Character in
                guard let value else { return " " }
                guard top > 0, value > 0 else { return levels[0] }
                let step = Int((min(value, top) / top * Double(levels.count - 1)).rounded(.up))
                return levels[max(1, min(levels.count - 1, step))]
            })
    }

    /// `line` for whole numbers.
    public static func line(_ values: [Int], glyphs: Glyphs = .unicode) -> String {
        line(values.map { Double($0) }, glyphs: glyphs)
    }

    /// `line` for minor-unit amounts.
    public static func line(_ values: [Int64], glyphs: Glyphs = .unicode) -> String {
        line(values.map { Double($0) }, glyphs: glyphs)
    }

    /// A horizontal bar of `value` out of `maximum` in `width` cells; any value above zero is at
    /// least one cell.
    public static func bar(_ value: Double, of maximum: Double, width: Int, glyphs: Glyphs = .unicode) -> String {
        guard maximum > 0, value > 0, width > 0 else { return "" }
        let cells = max(1, Int((min(value, maximum) / maximum * Double(width)).rounded()))
        return String(repeating: String(glyphs.full), count: cells)
    }
}
