// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Columns and index rows computed from a record's fields, refreshed on every write.
///
/// Kept in Swift, not in SQL triggers, because folding accents needs Unicode tables SQLite
/// lacks, and a trigger calling a custom function would break every other SQLite client that
/// opens the file. The write path (local or pulled from sync) is the only caller.
enum Derived {
    /// The kinds that appear in search, with the code mixed into the FTS rowid.
    static func searchCode(_ kind: EntityKind) -> Int64? {
        switch kind {
        case .contact: 1
        case .company: 2
        case .deal: 3
        case .supportCase: 4
        case .activity: 5
        default: nil
        }
    }

    static func kind(forSearchCode code: Int64) -> EntityKind? {
        [EntityKind.contact, .company, .deal, .supportCase, .activity].first { searchCode($0) == code }
    }

    /// Brings a record's derived columns and search document up to date.
    ///
    /// A new record's document goes to `pending` when given (written before the transaction
    /// commits); a changed record's old document is deleted first, so the caller flushes
    /// `pending` before refreshing a record that may have been created in the same transaction.
    ///
    /// `changed` names the fields an update changed: when the search document reads none of
    /// them it is left as it is (a bulk move of 10,000 deals rewrote 10,000 unchanged documents,
    /// an eighth of its time).
    static func refresh(
        _ db: Database, kind: EntityKind, num: Int64, values: [String: FieldValue], isNew: Bool = false,
        pending: PendingInserts? = nil, changed: Set<String>? = nil
    ) throws {
        switch kind {
        case .contact where !isNew, .company where !isNew:
            let key = TextKey.fold(values["name"]?.text ?? "")
            try db.cachedStatement(sql: "UPDATE \(kind.table) SET name_key = ? WHERE num = ?").execute(arguments: [
                key, num,
            ])
        case .supportCase:
            try db.cachedStatement(sql: "UPDATE cases SET sla_due = ? WHERE num = ?")
                .execute(arguments: [slaDue(values), num])
        default:
            break
        }
        if let changed, changed.isDisjoint(with: searchedFields(kind)) { return }
        try index(db, kind: kind, num: num, values: values, isNew: isNew, pending: pending)
        if kind == .company, !isNew,
            let id: String = try String.fetchOne(db, sql: "SELECT id FROM companies WHERE num = ?", arguments: [num])
        {
            try reindexDependents(db, companyID: id)
        }
    }

    /// The folded sort key of contacts and companies, written with the row itself on create.
    static func nameKey(kind: EntityKind, values: [String: FieldValue]) -> String? {
        guard kind == .contact || kind == .company else { return nil }
        return TextKey.fold(values["name"]?.text ?? "")
    }

    /// The triage sort key: the next SLA due time, frozen at the pause for pending cases.
    static func slaDue(_ values: [String: FieldValue]) -> Int64 {
        let created = values["created_at"]?.integer ?? 0
        let clock = SLAClock(
            createdAt: created, firstResponseDue: values["first_response_due"]?.integer ?? created,
            resolutionDue: values["resolution_due"]?.integer ?? created,
            firstResponseAt: values["first_response_at"]?.integer, resolvedAt: values["resolved_at"]?.integer,
            pausedAt: values["paused_at"]?.integer, nowMillis: values["paused_at"]?.integer ?? 0)
        return clock.nextDue ?? Int64.max
    }

    static func index(
        _ db: Database, kind: EntityKind, num: Int64, values: [String: FieldValue], isNew: Bool = false,
        pending: PendingInserts? = nil
    ) throws {
        guard let code = searchCode(kind) else { return }
        let rowid = num * 8 + code
        var (title, body) = try document(db, kind: kind, values: values)
        // A new record's custom values are written after its create, which indexes it again.
        if !isNew {
            let custom = try CustomValues.searchText(db, kind: kind, num: num)
            if !custom.isEmpty { body += " " + custom }
        }
        if isNew, let pending {
            try pending.append([rowid.databaseValue, title.databaseValue, body.databaseValue], in: db)
            return
        }
        if !isNew { try db.cachedStatement(sql: "DELETE FROM search WHERE rowid = ?").execute(arguments: [rowid]) }
        try db.cachedStatement(sql: "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)")
            .execute(arguments: [rowid, title, body])
    }

    static func removeFromSearch(_ db: Database, kind: EntityKind, num: Int64) throws {
        guard let code = searchCode(kind) else { return }
        try db.cachedStatement(sql: "DELETE FROM search WHERE rowid = ?").execute(arguments: [num * 8 + code])
    }

    /// The fields `document` reads for each kind; `DerivedTests` holds the two to each other.
    static func searchedFields(_ kind: EntityKind) -> Set<String> {
        switch kind {
        case .contact: ["name", "email", "phone", "company_id", "title", "tags", "notes"]
        case .company: ["name", "domain", "industry", "phone", "tags", "notes"]
        case .deal: ["title", "company_id", "contact_id", "tags", "notes"]
        case .supportCase: ["subject", "description", "queue", "contact_id"]
        default: ["subject", "body"]
        }
    }

    static func document(
        _ db: Database, kind: EntityKind, values: [String: FieldValue]
    ) throws -> (String, String) {
        func text(_ name: String) -> String { values[name]?.text ?? "" }
        func tags() -> String {
            if case .tags(let list)? = values["tags"] { return list.joined(separator: " ") }
            return ""
        }
        func name(_ table: String, _ field: String, column: String = "name") throws -> String {
            guard let id = values[field]?.text else { return "" }
            let statement = try db.cachedStatement(sql: "SELECT \(column) FROM \(table) WHERE id = ?")
            return try String.fetchOne(statement, arguments: [id]) ?? ""
        }
        switch kind {
        case .contact:
            let phone = text("phone")
            let digits = phone.filter { $0.isASCII && $0.isNumber }
            let body = [
                text("email"), phone, digits, try name("companies", "company_id"), text("title"), tags(), text("notes"),
            ]
            return (text("name"), body.joined(separator: " "))
        case .company:
            let body = [text("domain"), text("industry"), text("phone"), tags(), text("notes")]
            return (text("name"), body.joined(separator: " "))
        case .deal:
            let body = [try name("companies", "company_id"), try name("contacts", "contact_id"), tags(), text("notes")]
            return (text("title"), body.joined(separator: " "))
        case .supportCase:
            let body = [text("description"), text("queue"), try name("contacts", "contact_id")]
            return (text("subject"), body.joined(separator: " "))
        default:
            return (text("subject"), text("body"))
        }
    }

    /// A company's name is part of its contacts' and deals' search text.
    private static func reindexDependents(_ db: Database, companyID: String) throws {
        for kind in [EntityKind.contact, .deal] {
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM \(kind.table) WHERE company_id = ? AND deleted = 0", arguments: [companyID])
            for row in rows {
                try index(db, kind: kind, num: row["num"], values: ChangeRecorder.values(of: kind, in: row))
            }
        }
    }
}
