// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import CRMTUIStore
import Foundation
import Testing

@Suite struct ScrollLatencyTests {
    /// Keystroke to frame on a store of 5,000 contacts stays interactive.
    ///
    /// Scrolls past page edges and jumps to the end; every key costs one keyset page read plus a
    /// redraw. The bound is loose (a debug build on a shared CI machine); the p99 is printed.
    @Test @MainActor func scrollingTheStoreStaysInteractive() throws {
        let fixture = try StoreFixture(contacts: 5_000)
        let app = App(
            context: AppContext(source: fixture.source, runner: DispatchRunner(), clock: { StoreFixture.now }),
            start: .contacts)
        let canvas = MemoryCanvas(width: 120, height: 40)
        app.draw(on: canvas)
        let keys: [Key] =
            Array(repeating: .char("j"), count: 300) + [.char("G")] + Array(repeating: .ctrl("u"), count: 100)
            + Array(repeating: .pageDown, count: 50)
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for key in keys {
            let start = clock.now
            app.handle(key)
            app.draw(on: canvas)
            samples.append(clock.now - start)
        }
        samples.sort()
        let p99 = samples[samples.count * 99 / 100]
        print("TUI keystroke to frame over 5,000 stored contacts: p50 \(samples[samples.count / 2]), p99 \(p99)")
        #expect(canvas.lines[2].hasPrefix("Person 0"))
        #expect(p99 < .milliseconds(250), "p99 \(p99)")
    }
}
