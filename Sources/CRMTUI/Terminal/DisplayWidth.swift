// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// How many terminal cells text occupies, independent of the process locale.
///
/// `wcwidth(3)` depends on the locale and the C library's Unicode version, so two machines could
/// lay out the same row differently. This table is deterministic: East Asian Wide and Fullwidth
/// ranges and emoji-presentation characters take two cells, combining marks and format
/// characters none, everything else one. Widths are measured per grapheme cluster.
///
/// ```swift
/// DisplayWidth.of("山田太郎")        // 8
/// DisplayWidth.truncate("山田太郎", to: 5)  // "山田…"
/// ```
public enum DisplayWidth {
    /// East Asian Wide (W) and Fullwidth (F) ranges, from Unicode's EastAsianWidth.txt.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
        0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// The width of one Unicode scalar on its own: 0, 1 or 2.
    public static func of(scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || value < 0x20 || (0x7F...0x9F).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || (0xFE00...0xFE0F).contains(value) { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The width of one grapheme cluster: its base character's width, widened to 2 by an emoji
    /// variation selector (U+FE0F) and never less than the widest scalar of an emoji sequence.
    public static func of(character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let base = scalars.first else { return 0 }
        var width = of(scalar: base)
        if width == 1 && scalars.contains(where: { $0.value == 0xFE0F }) { width = 2 }
        return width
    }

    /// The width of a whole string, summed over its grapheme clusters.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character: character) }
        return total
    }

    /// Cuts text to at most `width` cells, ending with "…" when something was cut.
    ///
    /// The text is made terminal-safe first (`TerminalText`), so a control character counts as
    /// the visible text that will be drawn for it and table columns stay aligned.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        let text = TerminalText.safe(text)
        if of(text) <= width { return text }
        var result = ""
        var used = 0
        for character in text {
            let cells = of(character: character)
            if used + cells > width - 1 { break }
            result.append(character)
            used += cells
        }
        return result + "…"
    }

    /// Truncates or pads text to exactly `width` cells, so table columns always line up.
    public static func fit(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let padding = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? padding + cut : cut + padding
    }

    static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
