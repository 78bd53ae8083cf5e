// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// A contact named with escape sequences, as another device could sync it, draws no control
/// character in any cell: in the list, its detail screen, the search overlay and the status line.
@MainActor
@Suite struct TerminalSafetyTests {
    static let hostile = "Eve\u{1B}[2J\u{1B}]52;c;aGk=\u{07}\u{9B}1m\u{202E}gpj.exe"

    static func harness() -> Harness {
        var model = Fixture.model()
        _ = Fixture.add(&model, contact: hostile, email: "eve@example.com", company: nil)
        return Harness(InMemoryDataSource(model), start: .contacts, width: 120, height: 30)
    }

    static func expectNoControls(_ canvas: MemoryCanvas, _ context: String) {
        for (row, line) in canvas.lines.enumerated() {
            let bad = line.unicodeScalars.filter { TerminalText.isUnsafe($0) }
            #expect(bad.isEmpty, "\(context): row \(row) holds \(bad.map { String($0.value, radix: 16) })")
        }
    }

    @Test func theListAndTheDetailShowTheSequencesAsText() throws {
        let harness = Self.harness()
        #expect(harness.text.contains("Eve␛[2J␛]52"))
        Self.expectNoControls(harness.canvas, "list")
        for _ in 0..<20 {
            let selected = (0..<harness.canvas.height).first { harness.canvas.style(x: 0, y: $0) == .selected }
            if let selected, harness.lines[selected].hasPrefix("Eve") { break }
            harness.press(.char("j"))
        }
        harness.press(.enter)
        #expect(harness.text.contains("Eve␛[2J␛]52;c;aGk=\\x07\\x9B1m\\u202Egpj.exe"))
        Self.expectNoControls(harness.canvas, "detail")
    }

    @Test func anythingPutOnTheCanvasIsSafeAsTheStatusLineIs() {
        let canvas = MemoryCanvas(width: 80, height: 2)
        canvas.put("saved " + Self.hostile, x: 0, y: 1, style: .bar)
        #expect(canvas.lines[1].hasPrefix("saved Eve␛[2J"))
        Self.expectNoControls(canvas, "status")
    }

    @Test func searchResultsAreSafeToo() {
        let harness = Self.harness()
        harness.press(.char("/"))
        harness.type("Eve")
        #expect(harness.text.contains("Eve␛[2J"))
        Self.expectNoControls(harness.canvas, "search")
    }
}
