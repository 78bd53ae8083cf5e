// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMStore

/// `crm check`: integrity of the file and of the store's own invariants.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database's integrity, change log and search index.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try global.openStore()
        let problems = try store.check()
        if global.json {
            try Output.json(["ok": problems.isEmpty, "problems": problems])
        } else {
            problems.isEmpty ? print("ok") : problems.forEach { print($0) }
        }
        if !problems.isEmpty { throw Failure.data("\(problems.count) problem(s) found") }
    }
}
