// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Foundation

/// Wide contacts and deals built from a real Salesforce export's `Contact.csv` and `Opportunity.csv`.
///
/// The network bench must weigh records as wide as the ones field teams really carry, not the four
/// fields of the load run: every column of the export becomes a field. The few columns our schema
/// has a place for map to built-in fields; every other column is a custom field (`custom.<key>`,
/// a text field defined through a `field` record, as `crm field add` makes). Cells the export
/// leaves empty are filled with a value the same column holds in another row, or, for a column
/// empty in every row, with a value shaped like the column's name (ids, dates, flags, phones), so
/// every record carries all of its fields.
struct SalesforceRecords {
    /// One kind of record: its wire entity, its fields in export order, and its rows' values.
    struct Kind {
        var entity: EntityKind
        /// Wire field names in the export's column order (`name`, `custom.mailingstreet`, …).
        var fields: [String]
        /// The export's header, index for index with `fields`.
        var columns: [String]
        /// Each row's values, every cell filled.
        var rows: [[String]]
    }

    var contact: Kind
    var deal: Kind

    /// Columns that have a built-in field, by object; every other column is a custom field.
    static let builtIn: [EntityKind: [String: String]] = [
        .contact: ["Name": "name", "Email": "email", "Title": "title", "Description": "notes", "Id": "external_id"],
        .deal: ["Name": "title", "Description": "notes", "Id": "external_id", "CloseDate": "close_date"],
    ]

    /// Reads `Contact.csv` and `Opportunity.csv` from `directory`.
    init(directory: String) throws(LoadError) {
        contact = try Self.kind(.contact, path: directory + "/Contact.csv")
        deal = try Self.kind(.deal, path: directory + "/Opportunity.csv")
    }

    /// The custom-field definitions both kinds need, as `field` records' initial values.
    var definitions: [JSONValue] {
        [contact, deal].flatMap { kind in
            zip(kind.columns, kind.fields).compactMap { column, field -> JSONValue? in
                guard let key = FieldDefinition.key(ofWireField: field) else { return nil }
                return .object([
                    "entity": .string(kind.entity.rawValue), "name": .string(column), "field_key": .string(key),
                    "type": .string(CustomFieldType.text.rawValue), "choices": .array([]), "required": .bool(false),
                    "retired": .bool(false),
                ])
            }
        }
    }

    static func kind(_ entity: EntityKind, path: String) throws(LoadError) -> Kind {
        let records: [CSVRecord]
        do { records = try CSVReader(path: path).readAll() } catch {
            throw .badBody("\(path): \(error); point --fixtures at the Salesforce export directory")
        }
        guard let header = records.first?.fields, records.count > 1 else {
            throw .badBody("\(path): expected a header and at least one row")
        }
        let columns = header.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF} ")) }
        let mapping = builtIn[entity] ?? [:]
        let fields = columns.map { mapping[$0] ?? FieldDefinition.prefix + FieldDefinition.key(for: $0) }
        let raw = records.dropFirst().map { record in
            columns.indices.map { $0 < record.fields.count ? record.fields[$0] : "" }
        }
        var rows = raw
        for column in columns.indices {
            let seen = raw.map { $0[column] }.filter { !$0.isEmpty }
            for row in rows.indices where rows[row][column].isEmpty {
                rows[row][column] =
                    seen.isEmpty ? shaped(columns[column], row: row) : seen[(row * 7 + column) % seen.count]
            }
        }
        return Kind(entity: entity, fields: fields, columns: columns, rows: rows)
    }

    /// A value shaped like the column's name, for a column the export leaves empty in every row.
    static func shaped(_ column: String, row: Int) -> String {
        let name = column.lowercased()
        if name.hasPrefix("is") || name.hasPrefix("has") || name.hasPrefix("donot") || name.hasPrefix("can") {
            return row % 3 == 0 ? "true" : "false"
        }
        if name.hasSuffix("id") { return String(format: "0%02dEc0000%07dIAQ", row % 100, 4_180_000 + row * 37) }
        if name.contains("date") || name.contains("modstamp") {
            return String(format: "2024-%02d-%02dT09:%02d:24.000+0000", 1 + row % 12, 1 + row % 28, row % 60)
        }
        if name.contains("latitude") { return String(format: "%.6f", 35.0 + Double(row % 90) / 10) }
        if name.contains("longitude") { return String(format: "%.6f", -120.0 + Double(row % 400) / 10) }
        if name.contains("phone") || name.contains("fax") { return String(format: "555%07d", 1_000_000 + row * 7919) }
        if name.contains("accuracy") { return "Address" }
        if name.contains("url") { return "/services/images/photo/003Ec00000Cy\(row)IAN" }
        if name.contains("reason") { return "Mailbox full" }
        return "\(column) \(row + 1)"
    }

    /// Record `index`'s initial values as a create's object, cycling through the export's rows.
    func values(of kind: Kind, index: Int) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        let row = kind.rows[index % kind.rows.count]
        for (field, value) in zip(kind.fields, row) { result[field] = .string(value) }
        result[kind.entity == .contact ? "name" : "title"] = .string(
            "\(row[kind.columns.firstIndex(of: "Name") ?? 0]) \(index / kind.rows.count + 1)")
        if kind.entity == .deal, let date = result["close_date"]?.stringValue {
            result["close_date"] = .string(String(date.prefix(10)))
        }
        return result
    }

    /// A new value for `field` of a record: another row's value of that column, so it stays realistic.
    func newValue(of kind: Kind, field: String, round: Int) -> JSONValue {
        guard let column = kind.fields.firstIndex(of: field) else { return .string("edited \(round)") }
        let value = kind.rows[(round * 13 + 5) % kind.rows.count][column]
        if field == "close_date" { return .string(String(value.prefix(10))) }
        return .string(field == "name" || field == "title" ? "\(value) \(round)" : value)
    }
}
