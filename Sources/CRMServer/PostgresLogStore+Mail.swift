// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import PostgresNIO

extension PostgresLogStore {
    /// Reads the mail gateway's records in one REPEATABLE READ snapshot: a handful of indexed
    /// lookups, whatever the size of the tenant's log.
    public func mailRecords(_ query: MailRecordsQuery) async throws -> MailRecords {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { sql in
            guard let tenant = try await sql.row(Self.query(MailRecordsSQL.epoch, [query.tenantID])) else {
                throw StoreError.tenantNotFound(query.tenantID)
            }
            let statements = MailRecordsSQL(dialect: MailRecordsSQL.postgres, tenantID: query.tenantID)
            var reading = MailRecordsReading(query)
            while let lookups = reading.next() {
                for lookup in lookups {
                    let (text, arguments) = statements.statement(lookup)
                    let rows = try await sql.rows(Self.query(text, arguments))
                    reading.take(try rows.map(Self.storedRegister))
                }
            }
            let device = try await sql.row(Self.query(MailRecordsSQL.deviceHLC, [query.tenantID, query.deviceID]))
            return MailRecords(
                epoch: try tenant.value("epoch"), registers: reading.registers,
                deviceHLC: try device.flatMap { try $0.value("last_hlc", as: Int64?.self) }.map(HLC.init(rawValue:)))
        }
    }

    /// A `MailRecordsSQL` statement with its `?`s numbered and its text arguments bound.
    private static func query(_ sql: String, _ arguments: [String]) -> PostgresQuery {
        var bindings = PostgresBindings()
        for argument in arguments { bindings.append(argument) }
        return PostgresQuery(unsafeSQL: MailRecordsSQL.numbered(sql), binds: bindings)
    }

    private static func storedRegister(_ row: PostgresRandomAccessRow) throws -> StoredRegister {
        StoredRegister(
            entity: try row.value("entity"), entityID: try row.value("entity_id"), field: try row.value("field"),
            valueJSON: try row.value("value"), hlc: HLC(rawValue: try row.value("hlc")),
            deviceID: try row.value("device_id"), seq: try row.value("seq"))
    }
}
