// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer

/// `--db`, shared by every subcommand: which log store to open.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The log store: sqlite:PATH (postgres:// comes later).")
    var db: String = "sqlite:crm-server.sqlite"

    func validate() throws {
        _ = try sqlitePath()
    }

    func sqlitePath() throws -> String {
        if db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") {
            throw ValidationError("--db \(db): the PostgreSQL store is not available in this build; use sqlite:PATH")
        }
        guard db.hasPrefix("sqlite:"), db.count > "sqlite:".count else {
            throw ValidationError("--db \(db): expected sqlite:PATH, for example sqlite:/var/lib/crm/server.sqlite")
        }
        return String(db.dropFirst("sqlite:".count))
    }

    /// Opens and migrates the store.
    func openStore() async throws -> any LogStore {
        let store = try SQLiteLogStore(path: try sqlitePath())
        try await store.migrate()
        return store
    }
}
