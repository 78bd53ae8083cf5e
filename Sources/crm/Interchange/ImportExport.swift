// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMInterchange
import CRMInterchangeStore
import CRMStore
import Foundation

extension ImportCommand {
    /// `crm import salesforce|hubspot|pipedrive DIR`: every file of a full export, in linking order.
    ///
    /// One type for the three vendors, so they share every option and behaviour.
    struct ImportExport<Vendor: ExportVendor>: ParsableCommand {
        static var configuration: CommandConfiguration {
            let prose = """
                \(Vendor.files) Prints one report: counts per file, references still waiting for a record, skipped rows
                with file, line and reason, and the CSV files left out with the reason. A file renamed from the
                vendor's name is recognised by its header. Links across files (company and contact ids, owners) are
                set whatever the order; re-importing the same export changes nothing. --dry-run imports into a copy of
                the database and deletes it.
                """
            let command = "crm import \(Vendor.preset.rawValue)"
            return CommandConfiguration(
                commandName: Vendor.preset.rawValue, abstract: Vendor.abstract,
                discussion: prose.replacingOccurrences(of: "\n", with: " ")
                    + "\nExamples:\n  \(command) \(Vendor.example)\n  \(command) export/ --dry-run --json")
        }

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The folder the export was unzipped into.") var folder: String
        @Flag(help: "Show the report without writing anything (imports into a temporary copy).") var dryRun = false
        @Option(help: "Owners who are not team members: create (as inactive members, the default) or existing-only.")
        var owners: String?
        @Option(help: "How to read ambiguous dates like 03/04/2025: month-first or day-first.")
        var dateOrder: String = "month-first"
        @Option(help: "The currency of amounts that do not name one.") var currency: String = "USD"

        func validate() throws {
            guard ["month-first", "day-first"].contains(dateOrder) else {
                throw ValidationError("--date-order must be month-first or day-first")
            }
            guard (try? Currency(currency)) != nil else {
                throw ValidationError("--currency '\(currency)' is not an ISO 4217 code")
            }
        }

        func run() throws {
            let layout = ExportLayout(preset: Vendor.preset)
            let (parts, left) = try layout.parts(in: URL(fileURLWithPath: folder))
            let original = try global.openStore()
            let policy = try FileImport.ownerPolicy(owners, store: original)
            var copy: URL?
            defer { copy.map { try? FileManager.default.removeItem(at: $0.deletingLastPathComponent()) } }
            var store = original
            if dryRun {
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("crm-dry-run-\(UUID())")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                copy = scratch.appendingPathComponent("crm.sqlite")
                try original.backup(to: copy?.path ?? "")
                store = try Store.open(path: copy?.path ?? "", now: { original.nowMillis })
            }
            let runner = FileImport(
                store: store, preset: layout.preset, dateOrder: dateOrder == "day-first" ? .dayFirst : .monthFirst,
                currency: currency.uppercased(), owners: policy, showProgress: !global.json)
            var report = ExportReport(folder: folder, preset: layout.preset.rawValue, dryRun: dryRun)
            var missing: Set<MissingOwner> = []
            for part in parts {
                let result = try runner.run(path: part.file.path, kind: part.kind)
                var fileReport = result.report
                if dryRun {
                    fileReport.dryRun = true
                    fileReport.committed = false
                    fileReport.importID = nil
                }
                report.files.append(fileReport)
                missing.formUnion(result.sink.missingOwners)
            }
            report.unresolved = try store.pendingReferences().count
            report.notImported = left.map { ExportReport.LeftOut(file: $0.file, reason: $0.reason) }
            report.owners = try FileImport.missingOwnerLines(missing, policy: policy, store: original)
            if global.json { print(report.json()) } else { Output.line(report.render()) }
            if report.files.contains(where: \.stoppedEarly) {
                throw Failure.data("an export file stopped part-way; see the report")
            }
        }
    }
}
