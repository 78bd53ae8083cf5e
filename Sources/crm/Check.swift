// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMStore
import GRDB

/// `crm check`: integrity of the file and of the store's own invariants.
///
/// Problems are a list on stdout and exit 65, with how to recover, also when the file is too
/// damaged to open: that is exactly when the list matters.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database's integrity, change log and search index.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let path = try global.databasePath()
        let problems: [String]
        do {
            problems = try global.openStore().check()
        } catch StoreError.corrupt(_, let detail) {
            problems = ["sqlite: \(detail)"]
        }
        let recovery = Self.recovery(path)
        if global.json {
            var object: [String: Any] = ["ok": problems.isEmpty, "problems": problems]
            if !problems.isEmpty { object["recovery"] = recovery }
            try Output.json(object)
        } else if problems.isEmpty {
            Output.line("ok")
        } else {
            problems.forEach { Output.line($0) }
            Output.line("\nTo recover: \(recovery)")
        }
        if !problems.isEmpty { throw Failure.data("\(problems.count) problem(s) found in \(path)") }
    }

    /// What to do about a damaged database.
    static func recovery(_ path: String) -> String {
        "copy a backup (made with `crm backup FILE`) over \(path); or move \(path) aside, run `crm init` "
            + "and `crm sync login` to pull everything from the sync server (changes not yet pushed are lost)"
    }
}
