// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Foundation

/// Which file of another CRM's full export holds which kind of record, and the order they are
/// imported in: users, accounts, contacts, deals and their stage history, cases, activities (so
/// most references find their record at once; those that do not are kept and resolved later, so
/// the order changes no result).
struct ExportLayout {
    let preset: ImportPreset

    /// One file of the export and what it holds.
    struct Part: Equatable {
        var file: URL
        var kind: EntityKind
    }

    /// The import order.
    static let order: [EntityKind] = [.user, .company, .contact, .deal, .stageChange, .supportCase, .activity]

    /// The base names (lower case, without `.csv`) of each kind's file.
    ///
    /// Salesforce's Data Export writes one file per object named after it (`Account.csv`, `Opportunity.csv`).
    func names(of kind: EntityKind) -> [String] {
        switch (preset, kind) {
        case (.salesforce, .user): ["user"]
        case (.salesforce, .company): ["account"]
        case (.salesforce, .contact): ["contact"]
        case (.salesforce, .deal): ["opportunity"]
        case (.salesforce, .stageChange): ["opportunityhistory"]
        case (.salesforce, .supportCase): ["case"]
        case (.salesforce, .activity): ["task", "event"]
        default: []
        }
    }

    /// Files of an export crm reads nothing from, with the reason the report gives.
    func notImported(_ base: String) -> String {
        switch base {
        case "lead": "crm has no leads; import them as contacts with crm import csv --kind contact if you want them"
        default: "not part of what crm imports"
        }
    }

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
        var parts: [Part] = []
        var used: Set<URL> = []
        for kind in Self.order {
            for file in files where names(of: kind).contains(Self.base(file)) {
                parts.append(Part(file: file, kind: kind))
                used.insert(file)
            }
        }
        guard !parts.isEmpty else {
            let wanted = Self.order.flatMap { names(of: $0) }.map {
                $0.prefix(1).uppercased() + $0.dropFirst() + ".csv"
            }
            throw Failure(
                "no \(preset.rawValue) export files in \(directory.path): expected some of \(wanted.joined(separator: ", "))",
                code: .noInput)
        }
        let left = files.filter { !used.contains($0) }.map { ($0.lastPathComponent, notImported(Self.base($0))) }
        return (parts, left)
    }

    static func base(_ file: URL) -> String { file.deletingPathExtension().lastPathComponent.lowercased() }
}
