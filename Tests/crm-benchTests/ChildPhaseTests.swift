// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@testable import crm_bench

@Suite struct ChildPhaseTests {
    /// The built crm-bench next to the test bundle.
    static var binary: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundle, bundle.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("crm-bench")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/crm-bench")
    }

    /// The TUI phase in its own process reports into this run's report (every sample count of the
    /// full phase, and its memory line), without the child's own wall-clock summary.
    @Test func tuiPhaseRunsInItsOwnProcess() throws {
        try TinyBenchStore.with(seed: 9) { path, folder in
            var report = BenchReport()
            try ChildPhase(phase: "tui", database: path, folder: folder, executable: Self.binary).run(into: &report)
            #expect(report.lines.contains { $0.hasPrefix("== TUI:") && $0.contains("(300 contacts)") })
            #expect(report.lines.contains { $0.hasPrefix("peak memory during the phase:") })
            #expect(report.lines.contains { $0.hasPrefix("j (next row") && $0.contains("(n=400)") })
            #expect(!report.lines.contains { $0.contains("wall clock") || $0.hasPrefix("all ") })
        }
    }

    /// A child that fails (here: no database at the path) is an error naming the phase, not an empty report.
    @Test func failedChildIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crm-bench-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var report = BenchReport()
        let child = ChildPhase(
            phase: "tui", database: folder.appendingPathComponent("absent.sqlite").path, folder: folder,
            executable: Self.binary)
        let error = #expect(throws: BenchError.self) { try child.run(into: &report) }
        #expect(error?.description.contains("the tui phase in its own process failed (status 64)") == true)
        #expect(report.lines.isEmpty)
    }
}
