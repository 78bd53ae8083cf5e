// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Which CSV columns feed which import target, decided once from the header row.
///
/// Built from the generic headers, the preset's (given or detected from the header), and the
/// user's `--map "Column=field,..."` entries, which win over both. `--map "Column=skip"` ignores a
/// column. Each target keeps its columns in priority order: the row mapper takes the first
/// non-empty cell.
public struct ColumnMapping: Sendable, Equatable {
    public let kind: EntityKind
    public let preset: ImportPreset?
    public let headers: [String]
    /// Target name → column indexes, best first.
    public let columns: [String: [Int]]
    /// Headers that feed no target (reported, not an error: exports carry many).
    public let unmapped: [String]

    /// Resolves the header row; throws when no column is known or a required one is missing.
    public init(
        headers rawHeaders: [String], kind: EntityKind, preset: ImportPreset?, map: String? = nil,
        custom: [String: String] = [:]
    ) throws {
        let headers = rawHeaders.map { $0.trimmed() }
        self.kind = kind
        self.headers = headers
        self.preset = preset ?? ImportPreset.detect(headers: headers, kind: kind)
        let keys = headers.map(MatchKey.compact)
        var columns: [String: [Int]] = [:]
        let tables = (self.preset?.table(for: kind) ?? []) + ImportTargets.generic(kind)
        for (target, synonyms) in tables {
            for synonym in synonyms {
                let key = MatchKey.compact(synonym)
                for (index, header) in keys.enumerated() where header == key && !(columns[target] ?? []).contains(index)
                {
                    columns[target, default: []].append(index)
                }
            }
        }
        Self.matchCustom(custom, keys: keys, to: &columns)
        if let map {
            try Self.apply(map: map, keys: keys, headers: headers, kind: kind, custom: custom, to: &columns)
        }
        columns = columns.filter { !$0.value.isEmpty }
        let used = Set(columns.values.joined())
        unmapped = headers.indices.filter { !used.contains($0) }.map { headers[$0] }
        self.columns = columns
        try validate()
    }

    private func validate() throws {
        guard !columns.isEmpty else { throw InterchangeError.noKnownColumns(headers: headers) }
        switch kind {
        case .contact, .user:
            if columns["name"] == nil && columns["first_name"] == nil && columns["last_name"] == nil
                && columns["email"] == nil
            {
                throw InterchangeError.missingRequiredColumn(field: "name", headers: headers)
            }
        case .company:
            if columns["name"] == nil { throw InterchangeError.missingRequiredColumn(field: "name", headers: headers) }
        case .deal:
            if columns["title"] == nil {
                throw InterchangeError.missingRequiredColumn(field: "title", headers: headers)
            }
        case .supportCase:
            if columns["subject"] == nil {
                throw InterchangeError.missingRequiredColumn(field: "subject", headers: headers)
            }
        case .stageChange:
            for field in ["deal_external_id", "stage", "created_at"] where columns[field] == nil {
                throw InterchangeError.missingRequiredColumn(field: field, headers: headers)
            }
        case .activity:
            if columns["subject"] == nil && columns["type"] == nil {
                throw InterchangeError.missingRequiredColumn(field: "subject", headers: headers)
            }
        default:
            break
        }
    }

    /// A column named like a custom field feeds it, rather than a built-in field it is only a
    /// synonym of (a "Region" column is the user's Region field, not part of the address).
    static func matchCustom(_ custom: [String: String], keys: [String], to columns: inout [String: [Int]]) {
        for (name, key) in custom {
            for (index, header) in keys.enumerated() where header == MatchKey.compact(name) {
                for target in columns.keys { columns[target]?.removeAll { $0 == index } }
                let target = FieldDefinition.prefix + key
                if !(columns[target] ?? []).contains(index) { columns[target, default: []].append(index) }
            }
        }
    }

    /// Applies `--map` entries: each column goes to exactly the field named (or nowhere for `skip`).
    static func apply(
        map: String, keys: [String], headers: [String], kind: EntityKind, custom: [String: String] = [:],
        to columns: inout [String: [Int]]
    ) throws {
        let allowed = ImportTargets.names(for: kind)
        for entry in map.split(separator: ",").map({ $0.trimmed() }) where !entry.isEmpty {
            guard let equals = entry.lastIndex(of: "=") else {
                throw InterchangeError.invalidMapping(entry: entry, reason: "expected Column=field")
            }
            let column = entry[..<equals].trimmed()
            let field = entry[entry.index(after: equals)...].trimmed().lowercased()
            guard let index = keys.firstIndex(of: MatchKey.compact(column)) else {
                throw InterchangeError.invalidMapping(
                    entry: entry, reason: "no column '\(column)' in the header (\(InterchangeError.list(headers)))")
            }
            let target = custom[field].map { FieldDefinition.prefix + $0 } ?? field
            guard field == "skip" || allowed.contains(field) || custom[field] != nil else {
                throw InterchangeError.invalidMapping(
                    entry: entry,
                    reason:
                        "'\(field)' is not a \(kind.rawValue) field; use one of \(allowed.joined(separator: ", ")), "
                        + "a custom field (crm field list \(kind.rawValue)) or skip"
                )
            }
            for target in columns.keys { columns[target]?.removeAll { $0 == index } }
            if field != "skip" { columns[target, default: []].insert(index, at: 0) }
        }
    }

    /// The column names feeding `target`, for messages.
    public func headers(of target: String) -> [String] { (columns[target] ?? []).map { headers[$0] } }
}
