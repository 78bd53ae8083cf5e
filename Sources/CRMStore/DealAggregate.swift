// crm — a terminal-first CRM. Licensed under the MIT License.

/// One summary table of deals kept by triggers: live deals grouped by a key, with running sums.
///
/// An insert adds the row's values to its group, a delete subtracts them, and an update of any
/// column involved subtracts the old values and adds the new ones, so the table always equals a
/// `GROUP BY` over the live deals (`crm check` and the tests compare the two).
struct DealAggregate: Sendable {
    /// A column and its value for one deal row, the row's alias (`NEW`, `OLD`, `d`) substituted.
    typealias Columns = @Sendable (_ row: String) -> [(name: String, value: String)]

    let table: String
    let keys: Columns
    let sums: Columns
    /// Which live deals the table counts, for a row alias.
    let condition: @Sendable (_ row: String) -> String

    /// The deal columns any aggregate reads: an update of one of them re-files the deal.
    static let dealColumns = [
        "stage_id", "currency", "owner_id", "amount_minor", "probability", "created_at", "closed_at", "close_date",
        "deleted",
    ]

    static let day = AggregateLayout.day

    /// Open pipeline and aging: per stage, currency, owner and UTC day of creation.
    static let totals = DealAggregate(
        table: "deal_totals",
        keys: { row in
            [
                ("stage_id", "\(row).stage_id"), ("currency", "\(row).currency"),
                ("owner_key", "COALESCE(\(row).owner_id, '')"),
                ("created_day", "COALESCE(\(row).created_at / \(day), \(AggregateLayout.undatedDay))"),
            ]
        },
        sums: { row in
            [
                ("deals", "1"), ("amount", "\(row).amount_minor"),
                ("weighted", "COALESCE(\(row).amount_minor * \(row).probability, 0)"),
                ("unweighted_amount", "CASE WHEN \(row).probability IS NULL THEN \(row).amount_minor ELSE 0 END"),
                ("undated", "\(row).created_at IS NULL"),
                ("undated_amount", "CASE WHEN \(row).created_at IS NULL THEN \(row).amount_minor ELSE 0 END"),
                ("created_offset_sum", "COALESCE(\(row).created_at - \(AggregateLayout.createdEpoch), 0)"),
            ]
        },
        condition: { row in "\(row).deleted = 0" })

    /// Win rate, cycle and wins: closed deals per stage, currency, owner and UTC day of closing.
    static let closed = DealAggregate(
        table: "deal_closed_totals",
        keys: { row in
            [
                ("stage_id", "\(row).stage_id"), ("currency", "\(row).currency"),
                ("owner_key", "COALESCE(\(row).owner_id, '')"), ("closed_day", "\(row).closed_at / \(day)"),
            ]
        },
        sums: { row in
            [
                ("deals", "1"), ("amount", "\(row).amount_minor"),
                ("cycle_sum", "\(row).closed_at - COALESCE(\(row).created_at, \(row).closed_at)"),
            ]
        },
        condition: { row in "\(row).deleted = 0 AND \(row).closed_at IS NOT NULL" })

    /// Forecast: deals per stage, currency, expected close date and own probability (-1: none,
    /// the stage's applies, looked up when read).
    static let forecast = DealAggregate(
        table: "deal_forecast_totals",
        keys: { row in
            [
                ("stage_id", "\(row).stage_id"), ("currency", "\(row).currency"), ("close_date", "\(row).close_date"),
                ("probability_key", "COALESCE(\(row).probability, -1)"),
            ]
        },
        sums: { row in [("deals", "1"), ("amount", "\(row).amount_minor")] },
        condition: { row in "\(row).deleted = 0 AND \(row).close_date IS NOT NULL" })

    static let all = [totals, closed, forecast]

    var createTable: String {
        let keyNames = keys("d").map(\.name)
        // Key columns without a declared type keep each value as written: text ids and dates
        // as text, day numbers and probabilities as integers.
        let keyColumns = keyNames.map { "\($0) NOT NULL" }
        let sumColumns = sums("d").map { "\($0.name) INTEGER NOT NULL" }
        return """
            CREATE TABLE \(table) (\((keyColumns + sumColumns).joined(separator: ", ")),
                PRIMARY KEY (\(keyNames.joined(separator: ", ")))) WITHOUT ROWID;
            """
    }

    /// Adds a deal row to its group, if the table counts it.
    func add(_ row: String) -> String {
        let columns = keys(row) + sums(row)
        let keyNames = keys(row).map(\.name).joined(separator: ", ")
        let update = sums(row).map { "\($0.name) = \($0.name) + excluded.\($0.name)" }.joined(separator: ", ")
        return """
            INSERT INTO \(table) SELECT \(columns.map(\.value).joined(separator: ", ")) WHERE \(condition(row))
                ON CONFLICT (\(keyNames)) DO UPDATE SET \(update);
            """
    }

    /// Takes a deal row out of its group, if the table counted it.
    func subtract(_ row: String) -> String {
        let update = sums(row).map { "\($0.name) = \($0.name) - (\($0.value))" }.joined(separator: ", ")
        let key = keys(row).map { "\($0.name) = \($0.value)" }.joined(separator: " AND ")
        return "UPDATE \(table) SET \(update) WHERE \(condition(row)) AND \(key);"
    }

    /// Fills the table from the deals already in the database.
    var backfill: String {
        let keyValues = keys("d").map(\.value).joined(separator: ", ")
        let sumValues = sums("d").map { "SUM(\($0.value))" }.joined(separator: ", ")
        let groups = (1...keys("d").count).map(String.init).joined(separator: ", ")
        return
            "INSERT INTO \(table) SELECT \(keyValues), \(sumValues) FROM deals d WHERE \(condition("d")) GROUP BY \(groups);"
    }

    /// The three triggers that keep every aggregate, one per kind of write.
    static var triggers: String {
        """
        CREATE TRIGGER deal_aggregates_insert AFTER INSERT ON deals BEGIN
            \(all.map { $0.add("NEW") }.joined(separator: "\n    "))
        END;
        CREATE TRIGGER deal_aggregates_update AFTER UPDATE OF \(dealColumns.joined(separator: ", ")) ON deals BEGIN
            \(all.map { $0.subtract("OLD") + "\n    " + $0.add("NEW") }.joined(separator: "\n    "))
        END;
        CREATE TRIGGER deal_aggregates_delete AFTER DELETE ON deals BEGIN
            \(all.map { $0.subtract("OLD") }.joined(separator: "\n    "))
        END;
        """
    }
}
