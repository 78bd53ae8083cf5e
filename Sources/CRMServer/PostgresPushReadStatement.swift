// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import PostgresNIO

/// What a push's new changes read, in one statement prepared once per connection.
///
/// It reads the change ids already taken (by the log or the refusals), the asked registers,
/// every register of the asked records, and with `definitions` the tenant's custom-field
/// definitions.
///
/// Lists are bound as arrays, so the text never changes with the batch and PostgreSQL parses and
/// plans it once per connection instead of once per push. A row with `taken` set is a taken
/// change id, any other a `field_state` row.
struct PostgresPushReadStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection; a constant, since the protocol's
    /// default, `String(reflecting: Self.self)`, builds the type's name on every execution.
    static let name = "crm_push_read"

    static let sql = """
        \(registers(from: 2, leading: "NULL AS taken, "))
        UNION ALL
        \(taken(8, trailing: ", NULL, NULL, NULL, NULL, NULL, NULL, NULL"))
        """

    /// The `field_state` rows a `FieldStateQuery` asks for, of the tenant bound as `$1`.
    ///
    /// The keys are bound as three arrays from `$first`, the records as two after them, then the
    /// definitions flag (`bind`'s order). `leading` comes first in every branch's SELECT list.
    ///
    /// Each key and record is looked up on its own (`LATERAL`, fenced by `OFFSET 0` so it is not
    /// flattened into a join): an index probe whatever the statistics say. Written as
    /// `(entity, entity_id, field) IN (unnest …)`, the plan PostgreSQL cached per connection while
    /// the tables were small hashed the batch's keys and scanned every row of the tenant, and kept
    /// doing so as the tables grew until an ANALYZE: 140 index and heap pages a push in a one-minute
    /// bench (Docs/BENCHMARKS.md, 2026-12-05, sixth session).
    static func registers(from first: Int, leading: String = "") -> String {
        let (key, record, definitions) = (first, first + 3, first + 5)
        let columns = "\(leading)f.entity, f.entity_id, f.field, f.value, f.hlc, f.device_id, f.user_id"
        return """
            SELECT \(columns)
            FROM unnest($\(key)::text[], $\(key + 1)::text[], $\(key + 2)::text[]) AS k(entity, entity_id, field)
            CROSS JOIN LATERAL (SELECT * FROM field_state WHERE tenant_id = $1
                AND entity = k.entity AND entity_id = k.entity_id AND field = k.field OFFSET 0) f
            UNION ALL
            SELECT \(columns)
            FROM unnest($\(record)::text[], $\(record + 1)::text[]) AS r(entity, entity_id)
            CROSS JOIN LATERAL (SELECT * FROM field_state WHERE tenant_id = $1
                AND entity = r.entity AND entity_id = r.entity_id OFFSET 0) f
            UNION ALL
            SELECT \(columns) FROM field_state f WHERE f.tenant_id = $1 AND $\(definitions)::boolean AND f.entity = 'field'
            """
    }

    /// The change ids of the array bound as `$parameter` that the tenant's log or refusals hold,
    /// each looked up on its own as `registers` does; `trailing` ends each branch's SELECT list.
    static func taken(_ parameter: Int, trailing: String = "") -> String {
        """
        SELECT c.change_id\(trailing) FROM unnest($\(parameter)::text[]) AS i(id)
        CROSS JOIN LATERAL (SELECT change_id FROM changes WHERE tenant_id = $1 AND change_id = i.id OFFSET 0) c
        UNION ALL
        SELECT c.change_id\(trailing) FROM unnest($\(parameter)::text[]) AS i(id)
        CROSS JOIN LATERAL (
            SELECT change_id FROM rejected_changes WHERE tenant_id = $1 AND change_id = i.id OFFSET 0) c
        """
    }

    /// Binds `query` in `registers`' order, then `changeIDs` as one array.
    static func bind(_ query: FieldStateQuery, changeIDs: [String], into bindings: inout PostgresBindings) {
        let keys = Array(query.keys)
        let records = Array(query.records)
        bindings.append(keys.map(\.entity))
        bindings.append(keys.map(\.entityID))
        bindings.append(keys.map(\.field))
        bindings.append(records.map(\.entity))
        bindings.append(records.map(\.entityID))
        bindings.append(query.definitions)
        bindings.append(changeIDs)
    }

    /// A taken change id, or a register's key and version.
    enum Row {
        case taken(String)
        case field(FieldKey, FieldVersion)
    }

    var tenantID: String
    var changeIDs: [String]
    var query: FieldStateQuery

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(tenantID)
        Self.bind(query, changeIDs: changeIDs, into: &bindings)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresPushReadStatement")
        if let taken = try cells.next(String?.self) { return .taken(taken) }
        let (entity, entityID, field, value): (String?, String?, String?, String?) = (
            try cells.next(), try cells.next(), try cells.next(), try cells.next()
        )
        let (hlc, deviceID, userID): (Int64?, String?, String?) = (try cells.next(), try cells.next(), try cells.next())
        guard let entity, let entityID, let field, let value, let hlc, let deviceID else {
            throw StoreError.invalidBatch("a field_state row read by a push has a NULL in a NOT NULL column")
        }
        let version = FieldVersion(
            value: JSONValue(storedText: value) ?? .null, hlc: HLC(rawValue: hlc), deviceID: deviceID, userID: userID)
        return .field(FieldKey(entity: entity, entityID: entityID, field: field), version)
    }
}
