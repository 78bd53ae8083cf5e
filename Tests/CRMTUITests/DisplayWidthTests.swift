// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneCellPerCharacter() {
        #expect(DisplayWidth.of("Ada Lovelace") == 12)
    }

    @Test func cjkAndFullwidthAreTwoCells() {
        #expect(DisplayWidth.of("山田太郎") == 8)
        #expect(DisplayWidth.of("김민수") == 6)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("カタカナ") == 8)
    }

    @Test func emojiAreTwoCells() {
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("👩‍💻") == 2)
        #expect(DisplayWidth.of("🇯🇵") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)
    }

    @Test func combiningMarksAreZeroCells() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of(scalar: "\u{301}") == 0)
        #expect(DisplayWidth.of(scalar: "\u{200D}") == 0)
        #expect(DisplayWidth.of("Zoë") == 3)
    }

    @Test func controlCharactersAreZeroCells() {
        #expect(DisplayWidth.of("a\tb\n") == 2)
    }

    @Test func truncateNeverExceedsTheWidthAndMarksTheCut() {
        #expect(DisplayWidth.truncate("山田太郎", to: 5) == "山田…")
        #expect(DisplayWidth.truncate("山田太郎", to: 6) == "山田…")
        #expect(DisplayWidth.truncate("山田太郎", to: 8) == "山田太郎")
        #expect(DisplayWidth.truncate("Ada Lovelace", to: 4) == "Ada…")
        #expect(DisplayWidth.truncate("🚀🚀🚀", to: 4) == "🚀…")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }

    @Test func fitPadsToExactWidth() {
        for text in ["山田太郎 and friends", "🚀 launch", "x", "", "Zoë Ñúñez"] {
            for width in 1...12 {
                #expect(DisplayWidth.of(DisplayWidth.fit(text, to: width)) == width, "\(text) at \(width)")
            }
        }
        #expect(DisplayWidth.fit("42", to: 5, alignRight: true) == "   42")
    }
}
