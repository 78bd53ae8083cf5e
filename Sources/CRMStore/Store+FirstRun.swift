// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

extension Store {
    /// Whether the database holds no live contact, company, deal or case: what the TUI's first
    /// run checks to teach instead of showing zeros.
    ///
    /// One `EXISTS` per table on its live index: constant time at any size. Stages, users and
    /// activities do not count (`crm init` creates stages and a user).
    public func isEmptyOfRecords() throws -> Bool {
        try read { db in
            for table in ["contacts", "companies", "deals", "cases"] {
                let exists =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE deleted = 0)") ?? false
                if exists { return false }
            }
            return true
        }
    }
}
