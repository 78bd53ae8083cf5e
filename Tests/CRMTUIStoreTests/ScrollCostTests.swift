// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import CRMTUIStore
import Foundation
import Testing

/// What a keystroke costs when scrolling the contacts of a real store.
///
/// Counted in reads, not timed: a keystroke that reads at most one keyset page of at most a
/// screenful is interactive at any depth of any list (each read is one index seek, timed by the
/// TUI phase of `make bench`), and a count does not depend on how loaded the machine is.
@Suite struct ScrollCostTests {
    /// Scrolls past page edges, jumps to the end and pages back over 5,000 stored contacts.
    @Test @MainActor func everyKeystrokeReadsAtMostOnePageOfContacts() throws {
        let fixture = try StoreFixture(contacts: 5_000)
        let source = CountingDataSource(fixture.source)
        let runner = HeldRunner()
        let app = App(
            context: AppContext(source: source, runner: runner, clock: { StoreFixture.now }), start: .contacts)
        let canvas = MemoryCanvas(width: 120, height: 40)
        app.draw(on: canvas)
        #expect(source.take().contains { $0.method == "contacts" }, "the first frame read the first page")
        let keys: [Key] =
            Array(repeating: .char("j"), count: 300) + [.char("G")] + Array(repeating: .ctrl("u"), count: 100)
            + Array(repeating: .pageDown, count: 50)
        var keysThatRead = 0
        for (index, key) in keys.enumerated() {
            app.handle(key)
            app.draw(on: canvas)
            let calls = source.take()
            #expect(calls.allSatisfy { $0.method == "contacts" }, "key \(index) (\(key)) read only contacts: \(calls)")
            #expect(calls.count <= 1, "key \(index) (\(key)) read one page at most: \(calls)")
            #expect(
                calls.allSatisfy { ($0.limit ?? .max) <= canvas.height },
                "key \(index) (\(key)) read a screenful at most")
            if !calls.isEmpty { keysThatRead += 1 }
        }
        #expect(canvas.lines[2].hasPrefix("Person 0"))
        #expect(source.take().isEmpty)
        // Moving within the window reads nothing: the first `j` presses, until the window's edge.
        #expect(keysThatRead < keys.count)
    }
}
