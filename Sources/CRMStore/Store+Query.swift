// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// The ids of the live records of `kind` that `query` selects, in its order.
    public func ids(of kind: EntityKind, matching query: RecordQuery) throws -> [RecordID] {
        let (sql, arguments) = try Self.sql(kind, query)
        return try read { db in
            try String.fetchAll(db, sql: sql, arguments: arguments).compactMap(RecordID.init)
        }
    }

    /// The statement of a query, exposed for the bench and tests that read its plan.
    static func sql(_ kind: EntityKind, _ query: RecordQuery) throws -> (String, StatementArguments) {
        var joins = ""
        var conditions = ["t.deleted = 0"]
        var arguments: StatementArguments = []
        let direction = query.descending ? "DESC" : "ASC"
        var order = "t.num \(direction)"
        if let sort = query.sort {
            switch sort {
            case .builtIn(let column):
                try checkColumn(kind, column)
                order = "t.\(column) COLLATE NOCASE \(direction), t.num \(direction)"
            case .custom(let key, let numeric):
                joins = "JOIN custom_values s ON s.entity = ? AND s.field_key = ? AND s.entity_num = t.num"
                arguments += [kind.rawValue, key]
                order = "s.\(numeric ? "num_value" : "text_value") \(direction), s.entity_num \(direction)"
            }
        }
        for condition in query.conditions {
            let (text, number) = CustomValues.sortColumns(condition.value)
            let bound: DatabaseValueConvertible? = number ?? text
            let op = condition.comparison.rawValue
            switch condition.target {
            case .builtIn(let column):
                try checkColumn(kind, column)
                conditions.append("t.\(column) \(op) ? COLLATE NOCASE")
                arguments += [bound]
            case .custom(let key, _):
                let column = number == nil ? "text_value" : "num_value"
                if condition.target == query.sort {
                    // The sort already walks this field's index: the condition bounds that walk.
                    conditions.append("s.\(column) \(op) ?")
                    arguments += [bound]
                } else if query.sort != nil {
                    // The sort drives: each row it meets is checked by primary key.
                    conditions.append(
                        "EXISTS (SELECT 1 FROM custom_values c WHERE c.entity = ? AND c.entity_num = t.num "
                            + "AND c.field_key = ? AND c.\(column) \(op) ?)")
                    arguments += [kind.rawValue, key, bound]
                } else {
                    // The condition drives: one range of the field's index gives the records.
                    conditions.append(
                        "t.num IN (SELECT entity_num FROM custom_values WHERE entity = ? AND field_key = ? "
                            + "AND \(column) \(op) ?)")
                    arguments += [kind.rawValue, key, bound]
                }
            }
        }
        arguments += [query.limit]
        let sql = """
            SELECT t.id FROM \(kind.table) t \(joins) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ?
            """
        return (sql, arguments)
    }

    /// Refuses a column that is not a one-column built-in field of `kind` (names reach SQL).
    private static func checkColumn(_ kind: EntityKind, _ column: String) throws {
        guard let spec = kind.field(column), FieldColumns.columns(of: spec) == [column] else {
            throw StoreError.unknownField(kind: kind, field: column)
        }
    }
}
