// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Synchronization

/// A folder under the temporary directory for a test's SQLite file (and its -wal and -shm),
/// removed when the test process exits, so they do not pile up in /tmp.
///
/// At exit rather than when the last reference goes: a test may keep only the data source a
/// fixture made, and the store's pool opens its readers from the path later.
final class TemporaryFolder: Sendable {
    private static let created = Mutex<[URL]>([])
    private static let removedAtExit: Void = {
        atexit { TemporaryFolder.removeAll() }
    }()

    let url: URL

    init(_ prefix: String) throws {
        Self.removedAtExit
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        Self.created.withLock { $0.append(url) }
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    private static func removeAll() {
        for url in created.withLock({ $0 }) { try? FileManager.default.removeItem(at: url) }
    }
}
