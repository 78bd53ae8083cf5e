// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation
import GRDB

/// A real store on a temporary file, with a controllable clock.
final class TestStore: @unchecked Sendable {
    let folder: URL
    let path: String
    let store: Store
    private let lock = NSLock()
    private var current: Int64

    init(now: Int64 = 1_764_000_000_000) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crm-analytics-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("crm.sqlite").path
        current = now
        let box = ClockBox()
        store = try Store.open(path: path, now: { box.now() })
        box.owner = self
    }

    var now: Int64 {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    func advance(minutes: Int64) { now += minutes * 60_000 }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// Lets the store's clock closure read the test's clock after init.
final class ClockBox: @unchecked Sendable {
    weak var owner: TestStore?
    func now() -> Int64 { owner?.now ?? 1_764_000_000_000 }
}
