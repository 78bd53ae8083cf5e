// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// Parses a list command's `--where "Renewal date<2027-01-01,Region=North"` and
/// `--sort "Renewal date"` (a leading `-` sorts descending) into a `RecordQuery`.
///
/// A name is a custom field's name or key, or a built-in field; a custom value is read by its
/// field's type (a date, a number, a choice), so a bad one is refused naming the field.
enum ListQuery {
    static func parse(
        where filter: String?, sort: String?, limit: Int, kind: EntityKind, in store: Store
    ) throws -> RecordQuery {
        var query = RecordQuery(limit: limit)
        for part in (filter ?? "").split(separator: ",") {
            let text = String(part)
            guard let comparison = RecordQuery.Comparison.allCases.first(where: { text.contains($0.rawValue) }),
                let range = text.range(of: comparison.rawValue)
            else {
                throw Failure.usage("--where: '\(text)' is not field=value, field<value or field>value")
            }
            let name = String(text[..<range.lowerBound]).trimmed()
            let value = String(text[range.upperBound...]).trimmed()
            let (target, definition) = try self.target(name, kind: kind, in: store)
            let parsed: JSONValue =
                if let definition { try store.customValue(value, for: definition) } else { .string(value) }
            query.conditions.append(RecordQuery.Condition(target, comparison, parsed))
        }
        if var sort = sort?.trimmed(), !sort.isEmpty {
            if sort.hasPrefix("-") {
                query.descending = true
                sort.removeFirst()
            }
            query.sort = try target(sort, kind: kind, in: store).0
        }
        return query
    }

    /// A built-in field by its name, else a custom field by its name or key.
    static func target(_ name: String, kind: EntityKind, in store: Store) throws
        -> (RecordQuery.Target, FieldDefinition?)
    {
        if let spec = kind.field(name.lowercased()), !name.contains(" ") {
            return (.builtIn(spec.name), nil)
        }
        let definition = try store.fieldDefinition(kind, name)
        return (.custom(definition.key, numeric: definition.type.isNumeric), definition)
    }
}
