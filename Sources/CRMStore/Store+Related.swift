// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// The records a detail view shows beside a company, contact or deal, each list at most `limit` long.
    ///
    /// One snapshot, a handful of index range reads (`contacts_by_company`, `deals_by_company`,
    /// `deals_by_contact`, `cases_by_company`, `cases_by_contact`, `activities_by_contact`,
    /// `activities_by_deal`), so opening a company of a million-contact database stays instant.
    /// Open deals are those in an open stage, open cases those not solved or closed, and a
    /// contact's tasks are the ones not done, soonest due first.
    ///
    /// ```swift
    /// let related = try store.related(to: .company, acme)
    /// related.contacts.map(\.name)
    /// ```
    public func related(to kind: EntityKind, _ id: RecordID, limit: Int = 50) throws -> RelatedRecords {
        try read { db in
            var result = RelatedRecords()
            func capped<T>(_ kind: EntityKind, _ rows: [T]) -> [T] {
                if rows.count > limit { result.more.insert(kind) }
                return Array(rows.prefix(limit))
            }
            let key = id.rawValue
            switch kind {
            case .company:
                result.contacts = capped(.contact, try contacts(db, "c.company_id = ?", [key], limit + 1))
                result.deals = capped(.deal, try deals(db, "d.company_id = ? AND s.kind = 'open'", [key], limit + 1))
                result.cases = capped(.supportCase, try openCases(db, "k.company_id = ?", [key], limit + 1))
            case .contact:
                result.deals = capped(.deal, try deals(db, "d.contact_id = ?", [key], limit + 1))
                result.cases = capped(.supportCase, try openCases(db, "k.contact_id = ?", [key], limit + 1))
                result.activities = capped(
                    .activity,
                    try Row.fetchAll(
                        db,
                        sql: """
                            SELECT * FROM activities WHERE contact_id = ? AND deleted = 0 AND kind = 'task' AND done = 0
                            ORDER BY due_at IS NULL, due_at, num LIMIT ?
                            """, arguments: [key, limit + 1]
                    ).map(RecordDecoding.activity))
            case .deal:
                let deal = try Row.fetchOne(
                    db, sql: "SELECT contact_id, company_id FROM deals WHERE id = ?", arguments: [key])
                var contacts: [Contact] = []
                if let contact: String = deal?["contact_id"] {
                    contacts += try self.contacts(db, "c.id = ?", [contact], 1)
                }
                if let company: String = deal?["company_id"] {
                    contacts += try self.contacts(db, "c.company_id = ?", [company], limit + 1).filter { other in
                        !contacts.contains { $0.id == other.id }
                    }
                }
                result.contacts = capped(.contact, contacts)
                result.activities = capped(
                    .activity,
                    try Row.fetchAll(
                        db,
                        sql:
                            "SELECT * FROM activities WHERE deal_id = ? AND deleted = 0 ORDER BY created_at DESC, num DESC LIMIT ?",
                        arguments: [key, limit + 1]
                    ).map(RecordDecoding.activity))
            default:
                break
            }
            return result
        }
    }

    private func contacts(_ db: Database, _ condition: String, _ arguments: StatementArguments, _ limit: Int) throws
        -> [Contact]
    {
        try Row.fetchAll(
            db, sql: "\(Self.contactSelect) WHERE c.deleted = 0 AND \(condition) ORDER BY c.name_key, c.num LIMIT ?",
            arguments: arguments + [limit]
        ).map(RecordDecoding.contact)
    }

    private func deals(_ db: Database, _ condition: String, _ arguments: StatementArguments, _ limit: Int) throws
        -> [Deal]
    {
        try Row.fetchAll(
            db,
            sql: "\(RecordDecoding.dealSelect) WHERE d.deleted = 0 AND \(condition) ORDER BY d.num DESC LIMIT ?",
            arguments: arguments + [limit]
        ).map(RecordDecoding.deal)
    }

    private func openCases(_ db: Database, _ condition: String, _ arguments: StatementArguments, _ limit: Int) throws
        -> [SupportCase]
    {
        try Row.fetchAll(
            db,
            sql: """
                \(RecordDecoding.caseSelect) WHERE k.deleted = 0 AND k.status IN ('new', 'open', 'pending')
                AND \(condition) ORDER BY k.sla_due, k.num LIMIT ?
                """,
            arguments: arguments + [limit]
        ).map(RecordDecoding.supportCase)
    }
}
