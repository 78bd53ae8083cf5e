// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Resolves a handle a person typed to one record id.
    ///
    /// Accepted, in order: `#12` or `12` (the local number shown in every list), a full id, an
    /// email (contacts and users), an id prefix of at least 4 characters, or the exact name,
    /// title or subject (case and accents ignored). Several matches are an error that lists
    /// them, never a guess.
    public func resolve(_ kind: EntityKind, _ handle: String, includeDeleted: Bool = false) throws -> RecordID {
        try read { db in try Self.resolve(db, kind, handle, includeDeleted: includeDeleted) }
    }

    static func resolve(_ db: Database, _ kind: EntityKind, _ handle: String, includeDeleted: Bool = false) throws
        -> RecordID
    {
        let text = handle.trimmed()
        let live = includeDeleted ? "1" : "deleted = 0"
        let label = labelColumn(kind)
        func matches(_ condition: String, _ arguments: StatementArguments) throws -> [Row] {
            let statement = try db.cachedStatement(
                sql: "SELECT id, num, \(label) AS label FROM \(kind.table) WHERE \(live) AND \(condition) LIMIT 6")
            return try Row.fetchAll(statement, arguments: arguments)
        }
        var rows: [Row] = []
        let number = text.hasPrefix("#") ? String(text.dropFirst()) : text
        if !number.isEmpty, number.allSatisfy(\.isNumber), let num = Int64(number) {
            rows = try matches("num = ?", [num])
        } else if let id = RecordID(text) {
            rows = try matches("id = ?", [id.rawValue])
        } else if text.contains("@"), kind == .contact || kind == .user {
            rows = try matches("email = ? COLLATE NOCASE", [text])
        }
        if rows.isEmpty, text.count >= 4, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
            rows = try matches("id LIKE ?", [text.lowercased() + "%"])
        }
        if rows.isEmpty, !text.isEmpty {
            switch kind {
            case .contact, .company: rows = try matches("name_key = ?", [TextKey.fold(text)])
            default: rows = try matches("\(label) = ? COLLATE NOCASE", [text])
            }
        }
        guard let first = rows.first, let id = RecordID(first["id"] as String) else {
            throw StoreError.notFound(kind: kind, handle: handle)
        }
        guard rows.count == 1 else {
            let candidates = rows.prefix(5).map { "#\($0["num"] as Int64) \($0["label"] as String? ?? "")" }
            throw StoreError.ambiguous(kind: kind, handle: handle, candidates: candidates)
        }
        return id
    }

    /// The column that names a record of `kind` for people.
    static func labelColumn(_ kind: EntityKind) -> String {
        switch kind {
        case .deal: "title"
        case .supportCase, .activity: "subject"
        case .slaPolicy: "priority"
        case .stageChange: "to_stage_id"
        default: "name"
        }
    }

    /// The local number of a record.
    public func num(of kind: EntityKind, id: RecordID) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT num FROM \(kind.table) WHERE id = ?", arguments: [id.rawValue])
        }
    }
}
