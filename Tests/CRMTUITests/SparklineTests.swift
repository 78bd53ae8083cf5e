// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMTUI

/// Sparklines and bars: one single-width cell per value, Unicode blocks or ASCII.
@Suite struct SparklineTests {
    @Test func scalesFromZeroToTheLargestValue() {
        #expect(Sparkline.line([0, 2, 5, nil, 8]) == "▁▃▆ █")
        #expect(Sparkline.line([0, 2, 5, nil, 8], glyphs: .ascii) == "_,= #")
        #expect(Sparkline.line([1, 1, 1]) == "███", "a flat series is drawn at its height, not as zero")
        #expect(Sparkline.line([0, 0]) == "▁▁")
        #expect(Sparkline.line([Int]()) == "")
    }

    @Test func aSmallValueIsToldFromZero() {
        #expect(Sparkline.line([0, 1, 1000]) == "▁▂█")
        #expect(Sparkline.line([0, 1, 1000], glyphs: .ascii) == "_.#")
    }

    @Test func aFixedMaximumForRates() {
        #expect(Sparkline.line([1.0, 0.5, nil, 0.0], maximum: 1) == "█▅ ▁")
        #expect(Sparkline.line([2.0], maximum: 1) == "█", "clamped to the maximum")
    }

    @Test func everyGlyphIsOneCellWide() {
        let line = Sparkline.line((0...20).map { Double($0) })
        #expect(DisplayWidth.of(line) == 21)
        #expect(DisplayWidth.of(Sparkline.bar(7, of: 7, width: 9)) == 9)
    }

    @Test func bars() {
        #expect(Sparkline.bar(4, of: 8, width: 10) == "█████")
        #expect(Sparkline.bar(1, of: 1000, width: 10) == "█", "above zero is at least one cell")
        #expect(Sparkline.bar(0, of: 8, width: 10) == "")
        #expect(Sparkline.bar(8, of: 8, width: 4, glyphs: .ascii) == "####")
    }

    @Test func glyphsFollowTheLocale() {
        #expect(Sparkline.Glyphs.detect(["LANG": "en_US.UTF-8"]) == .unicode)
        #expect(Sparkline.Glyphs.detect(["LANG": "C.utf8"]) == .unicode)
        #expect(Sparkline.Glyphs.detect(["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .ascii, "LC_ALL wins")
        #expect(Sparkline.Glyphs.detect(["LC_CTYPE": "de_DE.UTF-8", "LANG": "C"]) == .unicode)
        #expect(Sparkline.Glyphs.detect([:]) == .ascii)
    }
}
