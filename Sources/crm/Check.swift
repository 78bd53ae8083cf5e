// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm check`: integrity of the file and of the store's own invariants.
///
/// Problems are a list on stdout and exit 65, with how to recover, also when the file is too
/// damaged to open: that is exactly when the list matters. The outcome is recorded: after a
/// failed check writes are refused until a check passes (`CheckGate`), unless `--allow-writes`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database's integrity, change log and search index."
    ).underCRM
    @OptionGroup var global: GlobalOptions

    @Flag(help: "Allow writes although problems are found (after a failed check they are refused).")
    var allowWrites = false

    func run() throws {
        let path = try global.databasePath()
        let problems: [String]
        var store: Store?
        do {
            let opened = try global.openStore()
            store = opened
            problems = try opened.check()
        } catch StoreError.corrupt(_, let detail) {
            problems = ["sqlite: \(detail)"]
        }
        // A file too damaged to take the record refuses writes by itself.
        try? store?.recordCheck(problems: problems, allowWrites: allowWrites)
        let recovery = Self.recovery(path)
        if global.json {
            var object: [String: JSONValue] = ["ok": problems.isEmpty.jsonValue, "problems": problems.jsonValue]
            if !problems.isEmpty {
                object["recovery"] = recovery.jsonValue
                object["writes_allowed"] = allowWrites.jsonValue
            }
            Output.json(object)
        } else if problems.isEmpty {
            Output.line("ok")
        } else {
            problems.forEach { Output.line($0) }
            Output.line("\nTo recover: \(recovery)")
            Output.line(
                allowWrites
                    ? "Writes stay allowed (--allow-writes)."
                    : "Writes are refused until `crm check` passes (`crm check --allow-writes` lets them through).")
        }
        if !problems.isEmpty { throw Failure.data("\(problems.count) problem(s) found in \(path)") }
    }

    /// What to do about a damaged database.
    static func recovery(_ path: String) -> String {
        "copy a backup (made with `crm backup FILE`) over \(path); or move \(path) aside, run `crm init` "
            + "and `crm sync login` to pull everything from the sync server (changes not yet pushed are lost)"
    }
}
