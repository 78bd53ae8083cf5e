// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// CSV columns that feed custom fields (issue 19): the value of a cell, and the type a new field
/// gets from a column's values (`crm import csv --create-fields`).
public enum CustomColumns {
    /// The most distinct values a column may have to become a one-of field.
    public static let maxChoices = 12

    /// A cell as a value of `definition`: dates and times in the forms other CRMs export
    /// (`11/10/2024`, `2024-01-22T16:14:25.000+0000`), the rest by `CustomValueRules`.
    public static func value(
        _ text: String, for definition: FieldDefinition, dates: DateParser = DateParser(), currency: String = "USD"
    ) throws(DomainError) -> JSONValue {
        switch definition.type {
        case .date:
            guard case .success(.text(let iso)) = dates.date(text) else {
                throw .invalidDate(field: definition.name, value: text)
            }
            return try CustomValueRules.parse(iso, for: definition)
        case .datetime:
            guard case .success(.integer(let millis)) = dates.timestamp(text) else {
                throw .invalidTime(field: definition.name, value: text)
            }
            return .int(millis)
        default:
            return try CustomValueRules.parse(text, for: definition, currency: currency)
        }
    }

    /// The name a new field gets from a column header: `Product__c` → `Product`,
    /// `Renewal_Date__c` → `Renewal Date`.
    public static func fieldName(forHeader header: String) -> String {
        var name = header.trimmed()
        if name.hasSuffix("__c") { name.removeLast(3) }
        return name.replacingOccurrences(of: "_", with: " ").trimmed()
    }

    /// The type (and choices) a column's non-empty values suggest, or nil when it has none.
    ///
    /// Every value must fit: true/false words make a bool, dates a date, date-times a datetime,
    /// numbers a number (money when the header says amount, price, revenue or value); a column
    /// with a few values repeated becomes one-of; anything else is text.
    public static func inferType(header: String, values: [String], dates: DateParser = DateParser())
        -> (type: CustomFieldType, choices: [String])?
    {
        let cells = values.map { $0.trimmed() }.filter { !$0.isEmpty }
        guard !cells.isEmpty else { return nil }
        let flags: Set<String> = ["true", "false", "yes", "no"]
        if cells.allSatisfy({ flags.contains($0.lowercased()) }) { return (.bool, []) }
        let lower = header.lowercased()
        if lower.hasPrefix("is") || lower.hasPrefix("has"), cells.allSatisfy({ ["0", "1"].contains($0) }) {
            return (.bool, [])
        }
        if cells.allSatisfy({ isDate($0, dates) }) { return (.date, []) }
        if cells.allSatisfy({ $0.contains(":") && (try? dates.timestamp($0).get()) != nil }) { return (.datetime, []) }
        if cells.allSatisfy(isNumber) {
            let words = ["amount", "price", "revenue", "value", "cost", "arr", "mrr"]
            return (words.contains { lower.contains($0) } ? .money : .number, [])
        }
        var distinct: [String] = []
        for cell in cells where !distinct.contains(cell) {
            distinct.append(cell)
            if distinct.count > maxChoices { break }
        }
        if distinct.count >= 2, distinct.count <= maxChoices, cells.count >= 2 * distinct.count,
            !cells.contains(where: { $0.contains(",") })
        {
            return (.oneOf, distinct.sorted())
        }
        return (.text, [])
    }

    static func isDate(_ text: String, _ dates: DateParser) -> Bool {
        guard !text.contains(":"), text.count <= 12, case .success = dates.date(text) else { return false }
        return true
    }

    static func isNumber(_ text: String) -> Bool {
        let plain = text.replacingOccurrences(of: ",", with: "")
        return plain.wholeMatch(of: /[-+]?[0-9]+(\.[0-9]+)?/) != nil
    }
}
