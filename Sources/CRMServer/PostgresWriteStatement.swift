// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

/// A push's plan written in one prepared statement: every insert and both rows' updates.
///
/// Each table's rows are bound column by column as arrays and turned back into rows by `unnest`,
/// so the text is the same for every batch and PostgreSQL parses and plans it once per
/// connection; built as one multi-row `VALUES` per push it was planned per push, the largest part
/// of PostgreSQL's planning left (Docs/BENCHMARKS.md, 2026-12-05). A table with no rows gets empty
/// arrays and inserts nothing. Each insert is a data-modifying CTE on a table no other part
/// reads, so running them on one snapshot changes nothing.
struct PostgresWriteStatement: PostgresPreparedStatement {
    /// A column's PostgreSQL type; the schema has only these two (`PostgresLogStore.schemaV1`).
    enum ColumnType: String {
        case text
        case bigint
    }

    /// The column types of each of `PushRows.tables`, in order.
    static let columnTypes: [[ColumnType]] = [
        [
            .text, .bigint, .text, .text, .bigint, .bigint, .bigint, .text, .text, .text, .text, .text, .text, .text,
            .text, .bigint, .text, .text,
        ],
        [.text, .text, .text, .text, .text, .bigint, .text, .text, .bigint],
        [.text, .bigint, .text, .text, .text, .text, .text, .text, .bigint, .bigint],
        [.text, .text, .bigint, .text, .text, .text, .text, .bigint],
    ]

    /// The name it is prepared under on each connection; a constant, since the protocol's
    /// default, `String(reflecting: Self.self)`, builds the type's name on every execution.
    static let name = "crm_push_write"

    static let sql = text(guarded: false)

    /// The statement's text; `guarded` writes only if the tenant's and the device's rows are
    /// still the versions a push read (`PostgresGuardedWriteStatement`), and answers whether it
    /// wrote.
    static func text(guarded: Bool) -> String {
        var number = 0
        var parts: [String] = []
        let (rowsIfLocked, andIfLocked) =
            guarded ? (" WHERE EXISTS (SELECT 1 FROM g)", " AND EXISTS (SELECT 1 FROM g)") : ("", "")
        for (index, table) in PushRows.tables.enumerated() {
            let arrays = columnTypes[index].map { type in
                number += 1
                return "$\(number)::\(type.rawValue)[]"
            }
            parts.append(
                "w\(index) AS (\(table.head) SELECT * FROM unnest(\(arrays.joined(separator: ", ")))\(rowsIfLocked) \(table.tail))"
            )
        }
        let (tenant, lastSeq, acceptedThrough, device, lastHLC) = (
            number + 1, number + 2, number + 3, number + 4, number + 5
        )
        let writeTenant = "UPDATE tenants SET last_seq = $\(lastSeq) WHERE id = $\(tenant)\(andIfLocked)"
        let writeDevice = """
            UPDATE devices SET last_device_seq = $\(acceptedThrough), last_hlc = coalesce($\(lastHLC)::bigint, last_hlc) \
            WHERE tenant_id = $\(tenant) AND id = $\(device)\(andIfLocked)
            """
        guard guarded else {
            parts.append("t AS (\(writeTenant))")
            return "WITH \(parts.joined(separator: ", "))\n\(writeDevice)"
        }
        // Both rows locked, then compared with the versions read: a push committed in between
        // changed one of them (every push updates both), and a lock waited for is compared again
        // on the row's newest version (READ COMMITTED's recheck of a locked row).
        let (tenantVersion, deviceVersion) = (number + 6, number + 7)
        let lock = """
            g AS MATERIALIZED (SELECT 1 FROM tenants t JOIN devices d ON d.tenant_id = t.id
                WHERE t.id = $\(tenant) AND d.id = $\(device) AND t.xmin::text = $\(tenantVersion)
                    AND d.xmin::text = $\(deviceVersion) FOR UPDATE OF t, d)
            """
        parts.insert(lock, at: 0)
        parts.append("wt AS (\(writeTenant))")
        parts.append("wd AS (\(writeDevice))")
        return "WITH \(parts.joined(separator: ", "))\nSELECT count(*) FROM g"
    }

    typealias Row = Void

    var plan: PushPlan
    var tenantID: String

    func makeBindings() throws -> PostgresBindings {
        let inserts = PushRows.inserts(of: plan, tenantID: tenantID)
        var bindings = PostgresBindings(capacity: Self.columnTypes.reduce(5) { $0 + $1.count })
        for (index, table) in PushRows.tables.enumerated() {
            let rows = inserts.first { $0.head == table.head }?.rows ?? []
            for (column, type) in Self.columnTypes[index].enumerated() {
                try Self.bind(rows, column: column, as: type, table: table, into: &bindings)
            }
        }
        bindings.append(tenantID)
        bindings.append(plan.lastSeq)
        bindings.append(plan.acceptedThrough)
        bindings.append(plan.deviceID)
        if let lastHLC = plan.lastHLC { bindings.append(lastHLC) } else { bindings.appendNull() }
        return bindings
    }

    /// Binds column `column` of `rows` as one array of `type`; a value of the other kind means
    /// `columnTypes` and `PushRows` disagree, a programming error named here rather than by
    /// PostgreSQL.
    private static func bind(
        _ rows: [[PushRows.Value]], column: Int, as type: ColumnType, table: PushRows.Insert,
        into bindings: inout PostgresBindings
    ) throws {
        var texts: [String?] = []
        var integers: [Int64?] = []
        for row in rows {
            switch (row[column], type) {
            case (.text(let text), .text): texts.append(text)
            case (.integer(let integer), .bigint): integers.append(integer)
            default: throw StoreError.writeFailed(Self.mismatch(column: column, type: type, table: table))
            }
        }
        switch type {
        case .text: bindings.append(PostgresColumnArray(elements: texts))
        case .bigint: bindings.append(PostgresColumnArray(elements: integers))
        }
    }

    private static func mismatch(column: Int, type: ColumnType, table: PushRows.Insert) -> String {
        "column \(column + 1) of '\(table.head.prefix { $0 != "(" })' is not \(type.rawValue) as "
            + "PostgresWriteStatement.columnTypes says; make columnTypes match PushRows.tables"
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}
