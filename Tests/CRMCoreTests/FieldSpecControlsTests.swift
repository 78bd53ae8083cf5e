// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMCore

@Suite struct FieldSpecControlsTests {
    static let name = FieldSpec("name", .text, required: true)
    static let notes = FieldSpec("notes", .text)

    @Test(arguments: [
        ("a\u{0}b", 0x00), ("\u{1B}[2J", 0x1B), ("bell\u{07}", 0x07), ("two\nlines", 0x0A), ("cr\rx", 0x0D),
        ("del\u{7F}", 0x7F), ("c1\u{9B}", 0x9B),
    ])
    func oneLineTextRefusesControls(text: String, scalar: Int) {
        #expect(throws: DomainError.controlCharacter(field: "name", scalar: UInt32(scalar))) {
            try Self.name.validate(.text(text))
        }
    }

    @Test func multilineFieldsKeepLineBreaksAndTabsButNotNUL() throws {
        try Self.notes.validate(.text("line one\r\nline\ttwo\n"))
        try Self.name.validate(.text("tab\tinside"))
        #expect(throws: DomainError.controlCharacter(field: "notes", scalar: 0)) {
            try Self.notes.validate(.text("a\u{0}"))
        }
        #expect(throws: DomainError.controlCharacter(field: "notes", scalar: 0x1B)) {
            try Self.notes.validate(.text("\u{1B}]52;c;x\u{07}"))
        }
    }

    @Test func tagsAreCheckedToo() {
        #expect(throws: DomainError.controlCharacter(field: "tags", scalar: 0x1B)) {
            try FieldSpec("tags", .tags).validate(.tags(["vip", "\u{1B}x"]))
        }
    }

    @Test func theMessageNamesTheFieldAndTheCodePoint() {
        let message = DomainError.controlCharacter(field: "name", scalar: 0x1B).description
        #expect(message.contains("name") && message.contains("U+001B") && message.contains("notes"))
    }

    @Test func plainAndAccentedTextPasses() throws {
        for text in ["Zoë", "山田", "a\u{202E}b", "€ 5"] { try Self.name.validate(.text(text)) }
    }
}
