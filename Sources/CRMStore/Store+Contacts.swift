// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    static let contactSelect = """
        SELECT c.*, co.name AS company_name FROM contacts c LEFT JOIN companies co ON co.id = c.company_id
        """

    /// One contact with its company name.
    public func contact(_ id: RecordID) throws -> Contact {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "\(Self.contactSelect) WHERE c.id = ?", arguments: [id.rawValue])
            else { throw StoreError.notFound(kind: .contact, handle: id.rawValue) }
            return RecordDecoding.contact(row)
        }
    }

    /// The contacts with these ids, in one read with one cached statement, keyed by id; ids
    /// with no contact are absent.
    ///
    /// For a list of hits (`crm search --json` details its contact hits): a read per record
    /// costs a transaction and a statement prepared each time, which showed as a tenth of a
    /// whole `crm search` process in a profile (Docs/BENCHMARKS.md).
    public func contacts(ids: [RecordID]) throws -> [RecordID: Contact] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            let statement = try db.cachedStatement(sql: "\(Self.contactSelect) WHERE c.id = ?")
            var found: [RecordID: Contact] = [:]
            for id in ids where found[id] == nil {
                if let row = try Row.fetchOne(statement, arguments: [id.rawValue]) {
                    found[id] = RecordDecoding.contact(row)
                }
            }
            return found
        }
    }

    /// A page of live contacts in name order after (or, backward, before) `cursor`.
    public func contacts(
        after cursor: ListCursor?, limit: Int, direction: ListDirection = .forward, tag: String? = nil,
        companyID: RecordID? = nil
    ) throws -> [Contact] {
        try read { db in
            var conditions = ["c.deleted = 0"]
            var arguments: StatementArguments = []
            if let tag {
                conditions.append("c.tags LIKE ?")
                arguments += ["%\"\(tag.lowercased())\"%"]
            }
            if let companyID {
                conditions.append("c.company_id = ?")
                arguments += [companyID.rawValue]
            }
            return try Keyset.fetch(
                db, select: Self.contactSelect, conditions: conditions, arguments: arguments,
                keys: ("c.name_key", "c.num"), cursor: cursor, direction: direction, limit: limit
            ).map(RecordDecoding.contact)
        }
    }

    /// The same page found by OFFSET: the naive baseline that `make bench` compares against.
    public func contactsByOffset(_ offset: Int, limit: Int) throws -> [Contact] {
        try read { db in
            try Row.fetchAll(
                db, sql: "\(Self.contactSelect) WHERE c.deleted = 0 ORDER BY c.name_key, c.num LIMIT ? OFFSET ?",
                arguments: [limit, offset]
            ).map(RecordDecoding.contact)
        }
    }

    /// The keyset cursor that continues after the contact or company with local number `num`.
    public func cursor(after kind: EntityKind, num: Int64) throws -> ListCursor? {
        try read { db in
            guard
                let key = try String.fetchOne(
                    db, sql: "SELECT name_key FROM \(kind.table) WHERE num = ?", arguments: [num])
            else { return nil }
            return ListCursor(key: key, num: num)
        }
    }

    /// The cursor for the last row of a page.
    public static func cursor(for contact: Contact) -> ListCursor {
        ListCursor(key: TextKey.fold(contact.name), num: contact.num)
    }

    /// One company.
    public func company(_ id: RecordID) throws -> Company {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM companies WHERE id = ?", arguments: [id.rawValue])
            else { throw StoreError.notFound(kind: .company, handle: id.rawValue) }
            return RecordDecoding.company(row)
        }
    }

    /// A page of live companies in name order after (or, backward, before) `cursor`.
    public func companies(after cursor: ListCursor?, limit: Int, direction: ListDirection = .forward) throws
        -> [Company]
    {
        try read { db in
            try Keyset.fetch(
                db, select: "SELECT * FROM companies", conditions: ["deleted = 0"], keys: ("name_key", "num"),
                cursor: cursor, direction: direction, limit: limit
            ).map(RecordDecoding.company)
        }
    }

    /// Counts of live records per kind, for the dashboard and `crm check`.
    public func count(_ kind: EntityKind) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(kind.table) WHERE deleted = 0") ?? 0 }
    }
}
