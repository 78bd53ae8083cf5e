// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@Suite struct TextInputTests {
    func typed(_ text: String, then keys: [Key]) -> TextInput {
        var input = TextInput(text)
        for key in keys { _ = input.handle(key) }
        return input
    }

    @Test func readlineKeys() {
        #expect(typed("hello world", then: [.ctrl("w")]).text == "hello ")
        #expect(typed("hello world  ", then: [.ctrl("w")]).text == "hello ")
        #expect(typed("hello world", then: [.ctrl("a"), .char(">")]).text == ">hello world")
        #expect(typed("hello world", then: [.ctrl("a"), .ctrl("e"), .char("!")]).text == "hello world!")
        #expect(typed("hello world", then: [.left, .left, .ctrl("u")]).text == "ld")
        #expect(typed("hello world", then: [.ctrl("a"), .right, .ctrl("k")]).text == "h")
        #expect(typed("abc", then: [.backspace, .home, .delete]).text == "b")
    }

    @Test func wideCharactersEditAsWholeCharacters() {
        let input = typed("山田", then: [.char("太"), .char("郎"), .left, .backspace])
        #expect(input.text == "山田郎")
        #expect(input.cursor == 2)
    }

    @Test func scrollsToKeepTheCursorVisible() {
        let canvas = MemoryCanvas(width: 12, height: 1)
        let input = TextInput("abcdefghijklmnopqrstuvwxyz")
        input.draw(on: canvas, x: 0, y: 0, width: 10, focused: true)
        #expect(canvas.lines[0] == "rstuvwxyz   ")
        #expect(canvas.cursor?.x == 9)
    }

    @Test func navigationKeysAreNotConsumed() {
        var input = TextInput("x")
        let enter = input.handle(.enter)
        let tab = input.handle(.tab)
        let escape = input.handle(.escape)
        let letter = input.handle(.char("y"))
        #expect(!enter && !tab && !escape)
        #expect(letter && input.text == "xy")
    }

    @Test func aSelectedPrefilledValueIsReplacedByTypingAndKeptByMoving() {
        var input = TextInput("USD")
        input.selectAll()
        _ = input.handle(.char("E"))
        _ = input.handle(.char("U"))
        #expect(input.text == "EU", "not USDEU")
        var kept = TextInput("Lead")
        kept.selectAll()
        _ = kept.handle(.left)
        _ = kept.handle(.char("s"))
        #expect(kept.text == "Leasd", "a movement key ends the selection and edits in place")
        var cleared = TextInput("Acme")
        cleared.selectAll()
        _ = cleared.handle(.backspace)
        #expect(cleared.text.isEmpty)
        var empty = TextInput()
        empty.selectAll()
        #expect(!empty.selected)
    }
}
