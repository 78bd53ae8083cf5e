// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMCore

@Suite struct TerminalTextTests {
    /// Every sequence of the probe: erase screen, OSC 52 clipboard write ended by BEL,
    /// a C1 CSI, CR, DEL and a right-to-left override.
    static let hostile = "Ann\u{1B}[2J\u{1B}]52;c;aGk=\u{07}\u{9B}31m\r\u{7F}\u{202E}gpj.exe\u{2066}x\u{2069}"

    @Test func controlsBecomeVisibleText() {
        #expect(
            TerminalText.safe(Self.hostile)
                == "Ann␛[2J␛]52;c;aGk=\\x07\\x9B31m\\x0D\\x7F\\u202Egpj.exe\\u2066x\\u2069")
    }

    @Test func nothingUnsafeSurvives() {
        let safe = TerminalText.safe(Self.hostile + "\u{0}\u{85}\u{2028}\n\t", multiline: true)
        #expect(!safe.unicodeScalars.contains { $0.value != 0x0A && $0.value != 0x09 && TerminalText.isUnsafe($0) })
    }

    @Test func newlinesAndTabsAreSpacesOnOneLineAndKeptOnSeveral() {
        #expect(TerminalText.safe("a\nb\tc") == "a b c")
        #expect(TerminalText.safe("a\nb\tc", multiline: true) == "a\nb\tc")
        #expect(TerminalText.safe("a\r\nb", multiline: true) == "a\\x0D\nb")
    }

    @Test func plainTextIsUnchanged() {
        for text in ["", "Zoë Ångström", "山田太郎", "👩‍💻 dev", "O'Brien & Co. — 50%", "مرحبا"] {
            #expect(TerminalText.safe(text) == text)
        }
    }
}
