// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Up to `count` live contacts drawn at random over the whole table (by local number, seeded),
    /// with their company names.
    ///
    /// For benchmarks that need realistic input: a sample in name order would hold only the
    /// first letters of the alphabet on a large table (issue 21). Draws that land on a deleted
    /// or missing number are retried, up to `count * 20` draws in all.
    public func randomContacts(_ count: Int, seed: UInt64) throws -> [Contact] {
        var random = SplitMix64(seed: seed)
        return try read { db in
            guard let highest = try Int64.fetchOne(db, sql: "SELECT MAX(num) FROM contacts"), highest > 0 else {
                return []
            }
            let statement = try db.cachedStatement(sql: "\(Self.contactSelect) WHERE c.num = ? AND c.deleted = 0")
            var contacts: [Contact] = []
            var draws = 0
            while contacts.count < count, draws < count * 20 {
                draws += 1
                let num = Int64(random.next() % UInt64(highest)) + 1
                if let row = try Row.fetchOne(statement, arguments: [num]) {
                    contacts.append(RecordDecoding.contact(row))
                }
            }
            return contacts
        }
    }
}
