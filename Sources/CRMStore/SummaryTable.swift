// crm — a terminal-first CRM. Licensed under the MIT License.

/// A summary table kept by triggers: the rows of a source table (deals, cases) that meet a
/// condition, grouped by a key, with running sums.
///
/// An insert adds the row's values to its group, a delete subtracts them, and an update of any
/// column involved subtracts the old values and adds the new ones, so the table always equals a
/// `GROUP BY` over the source rows (`crm check` and the tests compare the two).
struct SummaryTable: Sendable {
    /// A column and its value for one source row, the row's alias (`NEW`, `OLD`, `d`) substituted.
    typealias Columns = @Sendable (_ row: String) -> [(name: String, value: String)]

    let source: String
    let table: String
    let keys: Columns
    let sums: Columns
    /// Which source rows the table counts, for a row alias.
    let condition: @Sendable (_ row: String) -> String

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

    /// Fills the table from the source rows already in the database.
    var backfill: String {
        let keyValues = keys("d").map(\.value).joined(separator: ", ")
        let sumValues = sums("d").map { "SUM(\($0.value))" }.joined(separator: ", ")
        let groups = (1...keys("d").count).map(String.init).joined(separator: ", ")
        return
            "INSERT INTO \(table) SELECT \(keyValues), \(sumValues) FROM \(source) d WHERE \(condition("d")) GROUP BY \(groups);"
    }

    /// The three triggers (named `<prefix>_insert`, `_update`, `_delete`) that keep `tables`,
    /// all of one source, current; an update re-files a row only when one of `columns` changes.
    static func triggers(_ prefix: String, _ tables: [SummaryTable], columns: [String]) -> String {
        let source = tables[0].source
        return """
            CREATE TRIGGER \(prefix)_insert AFTER INSERT ON \(source) BEGIN
                \(tables.map { $0.add("NEW") }.joined(separator: "\n    "))
            END;
            CREATE TRIGGER \(prefix)_update AFTER UPDATE OF \(columns.joined(separator: ", ")) ON \(source) BEGIN
                \(tables.map { $0.subtract("OLD") + "\n    " + $0.add("NEW") }.joined(separator: "\n    "))
            END;
            CREATE TRIGGER \(prefix)_delete AFTER DELETE ON \(source) BEGIN
                \(tables.map { $0.subtract("OLD") }.joined(separator: "\n    "))
            END;
            """
    }
}
