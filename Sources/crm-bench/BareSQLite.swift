// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// A plain read-only SQLite connection on the bench's database file, beside the store.
///
/// The store is sealed (only CRMStore runs SQL on it), but a benchmark must also time what
/// SQLite alone takes for the same rows (the floor its figures are compared with) and count what
/// it wrote. Those queries run here, on their own connection, never through the store.
enum BareSQLite {
    /// Opens the file read-only.
    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Runs `body` on a fresh read-only connection to `path`.
    static func read<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        try open(path).read(body)
    }
}
