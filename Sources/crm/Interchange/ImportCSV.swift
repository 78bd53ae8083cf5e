// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMInterchange
import CRMInterchangeStore
import Foundation

extension ImportCommand {
    struct ImportCSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv", abstract: "Import a CSV file (Salesforce, HubSpot, Pipedrive or any columns).",
            discussion: """
                Encoding (UTF-8, UTF-16 with BOM, Latin-1) and separator (, ; tab |) are detected. Columns are matched
                by name, case-insensitively, in API-name and label forms; --map adds or overrides columns. By default
                good rows are imported and bad rows reported; --strict writes nothing if any row is bad; --dry-run
                shows the same report and writes nothing.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(
            help:
                "What each row is: contact, company, deal, case, activity, stage-history (of deals) or user (a Users file)."
        )
        var kind: String
        @Option(help: "The exporting CRM: salesforce, hubspot or pipedrive (default: detected from the header).")
        var preset: String?
        @Option(
            help: ArgumentHelp(
                "Columns to map, e.g. \"Nom=name,Courriel=email,Notes=skip\".", valueName: "Column=field,..."))
        var map: String?
        @Flag(
            help: "Define a custom field for each column nothing else takes, typed by its values (admins and managers)."
        )
        var createFields = false
        @Flag(help: "Show the report without writing anything.") var dryRun = false
        @Flag(help: "Write nothing if any row is bad.") var strict = false
        @Option(help: "How to read ambiguous dates like 03/04/2025: month-first or day-first.")
        var dateOrder: String = "month-first"
        @Option(help: "The currency of amounts that do not name one.") var currency: String = "USD"

        @Option(help: "Owners who are not team members: create (as inactive members, the default) or existing-only.")
        var owners: String?

        func validate() throws {
            guard Self.kinds[kind] != nil else {
                throw ValidationError(
                    "--kind must be contact, company, deal, case, activity, stage-history or user, not '\(kind)'")
            }
            if let preset, ImportPreset(rawValue: preset.lowercased()) == nil {
                throw ValidationError("\(InterchangeError.unknownPreset(preset))")
            }
            guard ["month-first", "day-first"].contains(dateOrder) else {
                throw ValidationError("--date-order must be month-first or day-first")
            }
            guard (try? Currency(currency)) != nil else {
                throw ValidationError("--currency '\(currency)' is not an ISO 4217 code")
            }
        }

        /// What `--kind` accepts: a Users file (`user`) makes team members for the owners others name.
        static let kinds: [String: EntityKind] = [
            "contact": .contact, "company": .company, "deal": .deal, "case": .supportCase, "activity": .activity,
            "stage-history": .stageChange, "user": .user,
        ]

        func run() throws {
            let store = try global.openStore()
            let policy = try FileImport.ownerPolicy(owners, store: store)
            let runner = FileImport(
                store: store, preset: preset.flatMap { ImportPreset(rawValue: $0.lowercased()) }, map: map,
                dateOrder: dateOrder == "day-first" ? .dayFirst : .monthFirst, currency: currency.uppercased(),
                owners: policy, dryRun: dryRun, strict: strict, createFields: createFields)
            let result = try runner.run(path: file, kind: Self.kinds[kind] ?? .contact)
            var report = result.report
            report.notes += try FileImport.missingOwnerLines(result.sink.missingOwners, policy: policy, store: store)
            try ImportCommand.finish(report, json: global.json)
        }
    }

    /// Prints the report; fails (exit 65) when the file stopped the import or --strict refused it.
    static func finish(_ report: ImportReport, json: Bool) throws {
        if json { print(report.json()) } else { Output.line(report.render()) }
        if report.stoppedEarly {
            throw Failure.data(report.notes.first { $0.hasPrefix("stopped early") } ?? "the import stopped early")
        }
        if report.strict && !report.skipped.isEmpty {
            throw Failure.data(
                "\(report.skipped.count) bad row(s), first at line \(report.skipped[0].line) "
                    + "(\(report.skipped[0].reason)); nothing was written (--strict)")
        }
    }
}
