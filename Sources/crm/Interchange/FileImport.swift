// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMInterchangeStore
import CRMStore
import Foundation

/// One CSV file imported into a store with the settings every CSV import shares: what
/// `crm import csv` runs once and `crm import salesforce DIR` once per file of the export.
struct FileImport {
    var store: Store
    var preset: ImportPreset?
    var map: String?
    var dateOrder: DateParser.Order = .monthFirst
    var currency = "USD"
    var owners: OwnerPolicy = .create
    var dryRun = false
    var strict = false
    /// Draws the progress bar on stderr (only on a terminal in any case).
    var showProgress = true
    /// Defines a custom field for every column nothing else takes (`--create-fields`).
    var createFields = false

    /// Imports `path` as records of `kind`; the report carries the sink's notes, the import
    /// number for `crm undo --import`, and what happened to owners and references.
    func run(path: String, kind: EntityKind) throws -> (report: ImportReport, sink: StoreImportSink) {
        var options = CSVImportOptions(
            kind: kind, preset: preset, map: map, dateOrder: dateOrder, defaultCurrency: currency,
            stages: try store.stages().map(\.name))
        options.timeZoneOffsetSeconds = Clock.offsetSeconds
        options.customFields = try FieldCreation.names(kind, store: store)
        var created: [String] = []
        if createFields {
            let result = try FieldCreation.create(path: path, options: options, store: store, dryRun: dryRun)
            options.customFields.merge(result.names) { _, new in new }
            created = result.notes
        }
        let mark = try store.lastDeviceSeq()
        var sink = StoreImportSink(
            store: store, kind: kind, file: URL(fileURLWithPath: path).lastPathComponent, owners: owners)
        sink.dates = DateParser(order: dateOrder)
        sink.currency = currency
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        var progress: ProgressBar? = showProgress ? ProgressBar(totalBytes: size) : nil
        var report = try Failure.interchange {
            try CSVImporter(options: options, dryRun: dryRun, strict: strict).run(
                path: path, into: &sink, progress: &progress)
        }
        report.notes += created
        report.notes += sink.notes.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
        let verb = report.committed ? "" : " would be"
        if sink.keptReferences > 0 {
            report.notes.append(
                "\(sink.keptReferences) reference(s) to records not imported yet\(verb) kept; "
                    + "they are set when those records are imported (crm import check lists them)")
        }
        if sink.resolvedReferences > 0 {
            report.notes.append("\(sink.resolvedReferences) reference(s) kept by earlier files\(verb) resolved")
        }
        report.importID = try store.recordImport(file: path, kind: kind.rawValue, since: mark)
        return (report, sink)
    }

    /// The owner policy: `--owners` as given, except that a synced device never creates team
    /// members (the server is the directory's authority) and reports them for the admin.
    static func ownerPolicy(_ option: String?, store: Store) throws -> OwnerPolicy {
        let synced = try store.syncSetting("server") != nil
        if let option, option != "create" && option != "existing-only" {
            throw Failure.usage("--owners must be create or existing-only, not '\(option)'")
        }
        if option == "existing-only" { return .existingOnly }
        return synced ? .admin : .create
    }

    /// The lines that tell the user who is not a team member, and for a synced device the exact
    /// commands the server's admin runs to add them (inactive).
    static func missingOwnerLines(_ missing: Set<MissingOwner>, policy: OwnerPolicy, store: Store) throws
        -> [String]
    {
        guard !missing.isEmpty else { return [] }
        let sorted = missing.sorted { ($0.name, $0.email ?? "") < ($1.name, $1.email ?? "") }
        var lines = [
            "\(missing.count) owner(s) are not team members: "
                + sorted.map { $0.name + ($0.email.map { " <\($0)>" } ?? "") }.joined(separator: ", ")
        ]
        if policy == .admin {
            let tenant = try store.syncSetting("tenant") ?? "TENANT"
            lines.append("this device syncs, so the server's admin adds them (inactive), then sync and import again:")
            lines += sorted.flatMap { $0.serverCommands(tenant: tenant) }.map { "  " + $0 }
        } else {
            lines.append("their records have no owner yet; add them to the team, then import again")
        }
        return lines
    }
}
