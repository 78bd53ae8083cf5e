// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@testable import crm_bench

@Suite struct TUIBenchTests {
    /// The `tui` phase drives the app end to end on a tiny store and prints every figure it promises.
    ///
    /// The driver checks what each frame shows (rows after scrolling, the last contact after `G`,
    /// hits after each search letter, a timeline after Enter) and throws otherwise, so a change
    /// that breaks the app or the driver fails here instead of printing empty figures.
    @Test @MainActor func phaseRunsOnATinyStore() throws {
        try TinyBenchStore.with(seed: 5) { path, _ in
            var report = BenchReport()
            let runs = TUIBench.Runs(coldStarts: 2, rows: 60, pages: 6, jumps: 2, names: 3, opens: 3)
            try TUIBench(path: path, runs: runs).run(into: &report)
            let expected = [
                "cold start → first frame, contacts", "cold start → dashboard figures drawn", "j (next row",
                "PgDn (page down)", "G (bottom", "search letter → results drawn", "Enter → contact with timeline",
                "Enter → company with related panes", "j in a related list", "Enter on a related record → its detail",
                "peak memory",
            ]
            for label in expected {
                #expect(report.lines.contains { $0.hasPrefix(label) }, "no line for \(label)")
            }
            #expect(report.lines.contains { $0.contains("search letter → results drawn") && $0.contains("(n=12)") })
        }
    }
}
