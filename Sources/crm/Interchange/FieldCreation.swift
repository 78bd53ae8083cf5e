// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore
import Foundation

/// Custom fields and CSV columns (issue 19): which names a column or `--map` may give a custom
/// field, and `--create-fields`, which defines a field for every column nothing else takes.
enum FieldCreation {
    /// How many rows the type of a new field is read from.
    static let sampleRows = 10_000

    /// The kind's custom fields by the names a header or `--map` may use (name and key, lower case).
    static func names(_ kind: EntityKind, store: Store) throws -> [String: String] {
        guard FieldDefinition.customizable.contains(kind) else { return [:] }
        var names: [String: String] = [:]
        for definition in try store.fieldDefinitions(of: kind) {
            names[definition.name.lowercased()] = definition.key
            names[definition.key] = definition.key
        }
        return names
    }

    /// Defines a field for each column the mapping leaves unused and that has values, typed by
    /// them; returns the columns as names for the mapping, and a note per field.
    ///
    /// A dry run defines nothing and only says what it would create.
    static func create(
        path: String, options: CSVImportOptions, store: Store, dryRun: Bool
    ) throws -> (names: [String: String], notes: [String]) {
        guard FieldDefinition.customizable.contains(options.kind) else {
            throw Failure.usage("--create-fields: \(options.kind.plural) have no custom fields")
        }
        let reader = try Failure.interchange { try CSVReader(path: path) }
        guard let header = try Failure.interchange({ try reader.next() }) else { return ([:], []) }
        var rows: [[String]] = []
        while rows.count < sampleRows, let record = try Failure.interchange({ try reader.next() }) {
            rows.append(record.fields)
        }
        let mapping = try Failure.interchange {
            try ColumnMapping(
                headers: header.fields, kind: options.kind, preset: options.preset, map: options.map,
                custom: options.customFields)
        }
        var names: [String: String] = [:]
        var notes: [String] = []
        var definitions: [FieldDefinition] = []
        let dates = DateParser(order: options.dateOrder)
        let existing = try FieldCreation.names(options.kind, store: store)
        // A Salesforce export's other columns are its system fields; its custom ones end in __c.
        let columns = mapping.unmapped.filter { mapping.preset != .salesforce || $0.hasSuffix("__c") }
        for header in columns {
            guard let index = mapping.headers.firstIndex(of: header) else { continue }
            let values = rows.map { index < $0.count ? $0[index] : "" }
            var name = CustomColumns.fieldName(forHeader: header)
            if let key = existing[name.lowercased()] {
                names[header.lowercased()] = key
                continue
            }
            if !Store.isFreeName(FieldDefinition.key(for: name), of: options.kind) { name = header }
            guard !name.isEmpty,
                let (type, choices) = CustomColumns.inferType(header: header, values: values, dates: dates)
            else { continue }
            let definition = FieldDefinition(
                id: .make(), entity: options.kind, name: name, type: type, choices: choices)
            definitions.append(definition)
            names[header.lowercased()] = definition.key
            notes.append(
                "\(dryRun ? "would create" : "created") \(options.kind.label) field '\(name)' (\(type.rawValue)) "
                    + "from column \(header)")
        }
        if !dryRun { try store.defineFields(definitions) }
        return (names, notes)
    }
}
