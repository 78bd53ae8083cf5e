// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchange
import Foundation

/// The one report of a whole-export import: each file's counts and skipped rows, the references
/// still waiting for a record, the files left out, and the owners who are not team members.
struct ExportReport: Codable {
    var folder: String
    var preset: String
    var dryRun: Bool
    var files: [ImportReport] = []
    /// References kept for records no file of the export (or the database) holds.
    var unresolved = 0
    var notImported: [LeftOut] = []
    /// Lines about owners who are not team members (with the admin's commands on a synced device).
    var owners: [String] = []

    struct LeftOut: Codable {
        var file: String
        var reason: String
    }

    init(folder: String, preset: String, dryRun: Bool) {
        self.folder = folder
        self.preset = preset
        self.dryRun = dryRun
    }

    func render() -> String {
        var lines = ["import \(preset) export from \(folder)\(dryRun ? " (dry run: nothing written)" : "")"]
        let verb = dryRun ? " would be" : ""
        for file in files {
            let name = URL(fileURLWithPath: file.file).lastPathComponent
            lines.append(
                "  \(name) (\(file.kind)): created\(verb) \(file.created), updated\(verb) \(file.updated), "
                    + "unchanged \(file.unchanged), skipped \(file.skipped.count)")
        }
        lines.append(
            unresolved == 0
                ? "  every reference between the files is resolved"
                : "  \(unresolved) reference(s) to records the export does not hold: crm import check lists them")
        for file in files {
            let name = URL(fileURLWithPath: file.file).lastPathComponent
            lines += file.skipped.prefix(50).map { "  skipped \(name) line \($0.line): \($0.reason)" }
            if file.skipped.count > 50 { lines.append("  … \(file.skipped.count - 50) more in \(name) (use --json)") }
            lines += file.notes.map { "  note (\(name)): \($0)" }
        }
        lines += notImported.map { "  not imported: \($0.file): \($0.reason)" }
        lines += owners.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
