// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore
import Foundation

/// `crm demo`: fills the database with realistic sample data.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Add realistic sample data: companies, contacts, deals in every stage, activities and cases."
    ).underCRM

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many contacts to create (companies, deals, activities and cases scale with it).")
    var contacts = 200

    @Option(help: "Random seed, for the same data every time.")
    var seed: UInt64 = 42

    func validate() throws {
        guard contacts >= 1, contacts <= 5_000_000 else {
            throw ValidationError("--contacts must be between 1 and 5000000")
        }
    }

    func run() throws {
        let store = try global.openStore()
        let started = Date()
        var generator = DemoGenerator(store: store, seed: seed)
        let summary = try generator.generate(contacts: contacts)
        if global.json {
            Output.json(summary.dictionary)
        } else {
            let seconds = Date().timeIntervalSince(started)
            Output.line(
                "Added \(summary.contacts) contacts, \(summary.companies) companies, \(summary.deals) deals, "
                    + "\(summary.activities) activities, \(summary.cases) cases in \(String(format: "%.1f", seconds)) s"
            )
        }
    }
}
