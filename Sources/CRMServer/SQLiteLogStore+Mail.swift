// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension SQLiteLogStore {
    /// Reads the mail gateway's records in one read transaction (one WAL snapshot), on a request
    /// reader: a handful of indexed lookups, whatever the size of the tenant's log.
    public func mailRecords(_ query: MailRecordsQuery) async throws -> MailRecords {
        try await requestRead { db in
            guard
                let epoch = try String.fetchOne(
                    db.cachedStatement(sql: MailRecordsSQL.epoch), arguments: [query.tenantID])
            else { throw StoreError.tenantNotFound(query.tenantID) }
            let sql = MailRecordsSQL(dialect: MailRecordsSQL.sqlite, tenantID: query.tenantID)
            var reading = MailRecordsReading(query)
            while let lookups = reading.next() {
                for lookup in lookups {
                    let (text, arguments) = sql.statement(lookup)
                    let rows = try Row.fetchAll(
                        db.cachedStatement(sql: text), arguments: StatementArguments(arguments))
                    reading.take(rows.map(Self.storedRegister))
                }
            }
            let deviceHLC = try Int64.fetchOne(
                db.cachedStatement(sql: MailRecordsSQL.deviceHLC), arguments: [query.tenantID, query.deviceID])
            return MailRecords(
                epoch: epoch, registers: reading.registers, deviceHLC: deviceHLC.map(HLC.init(rawValue:)))
        }
    }

    static func storedRegister(_ row: Row) -> StoredRegister {
        StoredRegister(
            entity: row[0], entityID: row[1], field: row[2], valueJSON: row[3], hlc: HLC(rawValue: row[4]),
            deviceID: row[5], seq: row[6])
    }
}
