// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore
import Foundation

/// The CSV-import benchmark hook for `crm-bench`: writes an N-row contact file and imports it
/// through the real path (reader, mapper, one write path), so it can be timed against
/// `sqlite3 .import` of the same file (SPEC §8: no worse than 3x).
public enum ImportBenchmark {
    /// The header of the generated file: generic column names every importer maps.
    public static let header = ["name", "email", "phone", "title", "company"]

    /// The two columns a migrated file adds, whose resolution `crm-bench` prices: an owner named
    /// as in a source CRM's export, and the record's creation date there.
    public static let resolvedColumns = ["owner", "created_at"]

    /// The owners of the file with `ownersAndDates`: 35 people.
    ///
    /// As many as the sales agents of the public pipeline export issue #17 was tried with. None
    /// is a team member before the import, so the import creates them (inactive), as it does for
    /// a real migration.
    public static let owners = (0..<35).map {
        "\(firstNames[$0 % firstNames.count]) \(lastNames[$0 / 4 % lastNames.count])"
    }

    /// Writes `rows` contacts with 1 company per 10 contacts; deterministic for a given `seed`.
    ///
    /// With `ownersAndDates`, each row also names an owner (one of `owners`) and a creation date
    /// over five years, so the import resolves both.
    public static func writeContactsCSV(rows: Int, to path: String, seed: UInt64 = 7, ownersAndDates: Bool = false)
        throws
    {
        let out = try TextSink(path: path)
        out.write(CSVWriter.line(ownersAndDates ? header + resolvedColumns : header))
        let days = ownersAndDates ? creationDays() : []
        var state = seed
        for index in 0..<rows {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let first = firstNames[Int((state >> 33) % UInt64(firstNames.count))]
            let last = lastNames[Int((state >> 17) % UInt64(lastNames.count))]
            var fields = [
                "\(first) \(last)", "\(first.lowercased()).\(last.lowercased()).\(index)@example.com",
                "+1 555 \(1_000_000 + index % 9_000_000)", titles[index % titles.count],
                "\(lastNames[(index / 10) % lastNames.count]) \(["Ltd", "Inc", "GmbH", "Group"][index % 4]) \(index / 10)",
            ]
            if ownersAndDates { fields += [owners[index % owners.count], days[index % days.count]] }
            out.write(CSVWriter.line(fields))
        }
        out.finish()
    }

    /// Imports the file at `path` as contacts into `store`; returns the report and the seconds taken.
    public static func importContacts(path: String, into store: Store, batchSize: Int = 5000) throws -> (
        ImportReport, Double
    ) {
        let options = CSVImportOptions(kind: .contact, stages: try store.stages().map(\.name))
        var sink = StoreImportSink(store: store, kind: .contact)
        var progress: ProgressBar? = nil
        let start = Date()
        let report = try CSVImporter(options: options, batchSize: batchSize).run(
            path: path, into: &sink, progress: &progress)
        return (report, Date().timeIntervalSince(start))
    }

    /// The 1,826 days from 2020-01-01, as `YYYY-MM-DD`.
    static func creationDays() -> [String] {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        let start = 1_577_836_800.0  // 2020-01-01T00:00:00Z
        return (0..<1_826).map { format.string(from: Date(timeIntervalSince1970: start + Double($0) * 86_400)) }
    }

    static let firstNames = [
        "Ana", "Ben", "Chloé", "Dmitri", "Eva", "Femi", "Guo", "Hana", "Ivan", "José", "Kai", "Lena", "Zoë",
    ]
    static let lastNames = [
        "García", "Smith", "Müller", "Nakamura", "Okafor", "Rossi", "Novák", "Dubois", "Kowalski", "Ødegaard",
    ]
    static let titles = ["CEO", "CTO", "Buyer, Senior", "Head of \"Ops\"", "Engineer"]
}
