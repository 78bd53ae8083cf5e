// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The result of one import: what was created, updated and skipped, and why.
///
/// Printed at the end of every import, and by `--dry-run` instead of writing; `--json` prints it
/// as JSON for scripts. Skipped rows name their line so the user can fix the file and re-import
/// (re-import updates the rows already in, so fixing and re-running is safe).
public struct ImportReport: Sendable, Equatable, Codable {
    public var file: String
    public var kind: String
    public var preset: String?
    public var encoding: String?
    public var delimiter: String?
    public var dryRun = false
    public var strict = false
    /// True when the rows were written and committed.
    public var committed = false
    public var created = 0
    public var updated = 0
    /// Rows that matched a record already as they say (a re-import): nothing written for them.
    public var unchanged = 0
    public var skipped: [RowIssue] = []
    /// Stage names in the file that match no pipeline stage, with how many rows used each.
    public var unknownStages: [String: Int] = [:]
    /// Header columns that fed no field.
    public var unmappedColumns: [String] = []
    public var notes: [String] = []
    /// True when a file error (an unclosed quote, a huge field) stopped the import part-way.
    public var stoppedEarly = false
    /// The number `crm undo --import N` takes, once the import wrote something.
    public var importID: Int64?

    public init(file: String, kind: String) {
        self.file = file
        self.kind = kind
    }

    /// Rows read from the file (header excluded).
    public var rows: Int { created + updated + unchanged + skipped.count }

    /// Adds a skipped row, remembering unknown stage names.
    public mutating func skip(_ issue: RowIssue) {
        skipped.append(issue)
        if issue.reason.hasPrefix("unknown stage '"), let end = issue.reason.dropFirst(15).firstIndex(of: "'") {
            unknownStages[String(issue.reason.dropFirst(15)[..<end]), default: 0] += 1
        }
    }

    /// The report as the terminal shows it; at most `limit` skipped rows are listed.
    public func render(limit: Int = 50) -> String {
        var lines: [String] = []
        let mode = dryRun ? " (dry run: nothing written)" : (strict && !committed ? " (strict: nothing written)" : "")
        lines.append("import \(kind) from \(file)\(mode)")
        var detected: [String] = []
        if let preset { detected.append("preset \(preset)") }
        if let encoding { detected.append(encoding) }
        if let delimiter { detected.append("delimiter '\(delimiter == "\t" ? "\\t" : delimiter)'") }
        if !detected.isEmpty { lines.append("  read as \(detected.joined(separator: ", "))") }
        let verb = committed ? "" : " would be"
        let same = unchanged > 0 ? "  unchanged: \(unchanged)" : ""
        lines.append("  created\(verb): \(created)  updated\(verb): \(updated)\(same)  skipped: \(skipped.count)")
        for issue in skipped.prefix(limit) { lines.append("  skipped line \(issue.line): \(issue.reason)") }
        if skipped.count > limit { lines.append("  … \(skipped.count - limit) more skipped rows (use --json for all)") }
        for (stage, count) in unknownStages.sorted(by: { $0.key < $1.key }) {
            lines.append("  unknown stage '\(stage)' on \(count) row\(count == 1 ? "" : "s")")
        }
        if !unmappedColumns.isEmpty {
            lines.append("  ignored columns: \(InterchangeError.list(unmappedColumns))")
        }
        lines += notes.map { "  note: \($0)" }
        if let importID { lines.append("  import #\(importID): crm undo --import \(importID) takes it back") }
        return lines.joined(separator: "\n")
    }

    /// The report as pretty JSON with snake_case keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
