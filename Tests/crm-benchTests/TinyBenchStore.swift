// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMStore
import Foundation

@testable import crm_bench

/// A throwaway folder with a small generated bench database, removed when the body returns.
enum TinyBenchStore {
    static func with(
        contacts: Int = 300, seed: UInt64, _ body: (_ path: String, _ folder: URL) throws -> Void
    ) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crm-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bench.sqlite").path
        var generator = DemoGenerator(store: try Store.open(path: path), seed: seed)
        _ = try generator.generate(contacts: contacts)
        try body(path, folder)
    }
}
