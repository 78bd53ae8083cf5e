// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Foundation

/// Which file of another CRM's full export holds which kind of record, and the order they are
/// imported in: users, accounts, contacts, deals and their stage history, cases, activities (so
/// most references find their record at once; those that do not are kept and resolved later, so
/// the order changes no result).
///
/// A file is recognised by the vendor's name for it (`Account.csv`,
/// `hubspot-crm-exports-all-deals-2024-05-01.csv`, Pipedrive's `people-….csv`) and, when renamed,
/// by its header: users rename downloads, and a file left out silently would lose its records.
struct ExportLayout {
    let preset: ImportPreset

    /// One file of the export and what it holds.
    struct Part: Equatable {
        var file: URL
        var kind: EntityKind
    }

    /// The import order.
    static let order: [EntityKind] = [.user, .company, .contact, .deal, .stageChange, .supportCase, .activity]

    /// The export's files in import order, and the CSV files left out with the reason.
    func parts(in directory: URL) throws -> (parts: [Part], left: [(file: String, reason: String)]) {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension.lowercased() == "csv" }.sorted {
                    $0.lastPathComponent < $1.lastPathComponent
                }
        } catch {
            throw Failure(
                "cannot read the folder \(directory.path): give the folder the export was unzipped into",
                code: .noInput)
        }
        var kinds: [URL: EntityKind] = [:]
        var left: [(file: String, reason: String)] = []
        for file in files {
            let stem = Self.stem(file)
            if let kind = kind(named: stem) {
                kinds[file] = kind
            } else if let reason = notImported(stem) {
                left.append((file.lastPathComponent, reason))
            } else if let kind = kind(byHeaderOf: file) {
                kinds[file] = kind
            } else {
                left.append((file.lastPathComponent, unknownReason))
            }
        }
        let parts = Self.order.flatMap { kind in
            files.filter { kinds[$0] == kind }.map { Part(file: $0, kind: kind) }
        }
        guard !parts.isEmpty else {
            throw Failure(
                "no \(preset.rawValue) export files in \(directory.path): expected some of "
                    + expectedNames.joined(separator: ", "),
                code: .noInput)
        }
        return (parts, left)
    }

    /// The kind a renamed file holds, by the preset columns its header matches, or nil.
    ///
    /// The kind must match at least two columns and more than any other kind. A header another
    /// vendor's preset matches better for that kind is that vendor's file, so nil too; a tie goes to
    /// the vendor the user named (HubSpot's `Record ID` and `First Name` are Salesforce's as well).
    func kind(byHeaderOf file: URL) -> EntityKind? {
        guard let reader = try? CSVReader(path: file.path), let header = try? reader.next()?.fields else {
            return nil
        }
        let keys = Set(header.map(MatchKey.compact))
        func score(_ vendor: ImportPreset, _ kind: EntityKind) -> Int {
            Set(vendor.table(for: kind).flatMap(\.1).map(MatchKey.compact)).intersection(keys).count
        }
        let scores = Self.order.map { ($0, score(preset, $0)) }.sorted { $0.1 > $1.1 }
        guard let best = scores.first, best.1 >= 2, scores.dropFirst().first.map({ $0.1 < best.1 }) ?? true else {
            return nil
        }
        let others = ImportPreset.allCases.filter { $0 != preset }.map { score($0, best.0) }
        return others.allSatisfy { $0 <= best.1 } ? best.0 : nil
    }

    /// The reason a CSV file neither named nor headed like one of the export's files is left out.
    var unknownReason: String {
        "neither its name nor its header is that of a \(preset.rawValue) export file crm reads; "
            + "if it holds records, import it with crm import csv FILE --kind KIND --map \"Column=field\""
    }

    /// A file's name without the vendor's decorations, lower case: `hubspot-crm-exports-all-contacts-2023-02-21`
    /// and Pipedrive's `people-7302554-23` become `contacts` and `people`; `Account` becomes `account`.
    static func stem(_ file: URL) -> String {
        var name = file.deletingPathExtension().lastPathComponent.lowercased()
        for prefix in ["hubspot-crm-exports-", "all-"] where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
        }
        var parts = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
        while parts.count > 1, let last = parts.last, last.allSatisfy({ $0.isNumber || $0 == "(" || $0 == ")" }) {
            parts.removeLast()
        }
        return parts.joined(separator: "-")
    }
}
