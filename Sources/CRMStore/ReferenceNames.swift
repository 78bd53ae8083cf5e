// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// The names behind the reference ids of one page of records, fetched in four queries: what
/// an export writes instead of ids (company name, owner's email, stage name, contact's email).
public struct ReferenceNames: Sendable {
    var companies: [String: String] = [:]
    var users: [String: String] = [:]
    var stages: [String: String] = [:]
    var contacts: [String: String] = [:]

    init(db: Database, records: [StoredRecord]) throws {
        func ids(_ field: String) -> [String] { Array(Set(records.compactMap { $0.fields[field]?.text })) }
        companies = try Self.lookup(db, "companies", "name", ids("company_id"))
        users = try Self.lookup(db, "users", "email", ids("owner_id"))
        stages = try Self.lookup(db, "stages", "name", ids("stage_id"))
        contacts = try Self.lookup(db, "contacts", "email", ids("contact_id"))
    }

    static func lookup(_ db: Database, _ table: String, _ column: String, _ ids: [String]) throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, \(column) AS value FROM \(table) WHERE id IN (\(marks))",
            arguments: StatementArguments(ids))
        var names: [String: String] = [:]
        for row in rows { if let value: String = row["value"] { names[row["id"]] = value } }
        return names
    }

    public func company(_ value: FieldValue?) -> String? { value?.text.flatMap { companies[$0] } }
    public func userEmail(_ value: FieldValue?) -> String? { value?.text.flatMap { users[$0] } }
    public func stage(_ value: FieldValue?) -> String? { value?.text.flatMap { stages[$0] } }
    public func contactEmail(_ value: FieldValue?) -> String? { value?.text.flatMap { contacts[$0] } }
}
