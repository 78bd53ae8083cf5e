// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The one set of rules for custom-field values, run on the device that writes a value and on
/// the server that receives it (issue 19), so both accept exactly the same values.
///
/// Values are `JSONValue`s, the shape the change log and the wire carry: a string for text,
/// dates, choices and record ids; a JSON number for numbers; an integer of milliseconds for a
/// datetime; `true`/`false`; a money object; an array of choices for many-of.
public enum CustomValueRules {
    /// The most characters typed text may have, as for built-in text fields.
    public static let maxTextCharacters = 10_000

    /// Turns text a person typed (or a CSV cell) into a value of `definition`.
    ///
    /// Throws a `DomainError` naming the field. Empty text clears, unless the field is required.
    /// A link or person value must already be a record id: finding a record by name is the
    /// store's job.
    public static func parse(
        _ text: String, for definition: FieldDefinition, currency: String = "USD", nowMillis: Int64 = 0,
        timeZoneOffsetSeconds: Int = 0
    ) throws(DomainError) -> JSONValue {
        let name = definition.name
        let trimmed = text.trimmed(newlines: true)
        if trimmed.isEmpty {
            if definition.required { throw .empty(field: name) }
            return .null
        }
        let value: JSONValue
        switch definition.type {
        case .text:
            guard trimmed.count <= maxTextCharacters else { throw .tooLong(field: name, limit: maxTextCharacters) }
            value = .string(trimmed)
        case .number: value = try number(trimmed, field: name)
        case .money:
            do {
                let money = try self.money(trimmed, currency: currency, field: name)
                value = .object(["amount": .string(money.decimalString), "currency": .string(money.currency.code)])
            } catch let error as DomainError { throw error } catch {
                throw .invalidAmount(field: name, value: text, reason: "\(error)")
            }
        case .date:
            do { value = .string(try CalendarDate(trimmed, field: name).text) } catch {
                throw .invalidDate(field: name, value: text)
            }
        case .datetime:
            guard
                let millis = WhenParser.parse(
                    trimmed, nowMillis: nowMillis, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
            else { throw .invalidTime(field: name, value: text) }
            value = .int(millis)
        case .bool: value = .bool(try flag(trimmed, field: name))
        case .oneOf: value = .string(try choice(trimmed, of: definition))
        case .manyOf:
            var picked: [String] = []
            for part in trimmed.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let item = try choice(String(part).trimmed(), of: definition)
                if !picked.contains(item) { picked.append(item) }
            }
            value = .array(picked.map(JSONValue.string))
        case .link, .person:
            guard let id = RecordID(trimmed) else {
                throw .outOfRange(field: name, value: text, range: "the id of a \(targetName(definition))")
            }
            value = .string(id.rawValue)
        }
        if let problem = problem(with: value, for: definition) {
            throw .outOfRange(field: name, value: text, range: problem)
        }
        return value
    }

    /// Why `value` is not a value of `definition`, or nil when it is.
    public static func problem(with value: JSONValue, for definition: FieldDefinition) -> String? {
        if value.isNull { return definition.required ? "\(definition.name) is required and cannot be cleared" : nil }
        switch (definition.type, value) {
        case (.text, .string(let text)):
            if text.utf8.count > FieldSpec.maxValueBytes { return "longer than \(FieldSpec.maxValueBytes) bytes" }
            if text.unicodeScalars.contains(where: {
                $0.value < 0x20 && $0.value != 0x09 || (0x7F...0x9F).contains($0.value)
            }) {
                return "contains a control character"
            }
            return nil
        case (.number, .int), (.datetime, .int), (.bool, .bool): return nil
        case (.number, .double(let number)): return number.isFinite ? nil : "expected a finite number"
        case (.money, .object(let object)):
            guard object.count == 2, let amount = object["amount"]?.stringValue,
                let currency = object["currency"]?.stringValue,
                (try? Money(parsing: amount, currency: currency, field: definition.name)) != nil
            else { return "expected {\"amount\":\"123.45\",\"currency\":\"EUR\"}" }
            return nil
        case (.date, .string(let text)):
            return (try? CalendarDate(text)) == nil ? "expected a date YYYY-MM-DD" : nil
        case (.oneOf, .string(let text)):
            return definition.choices.contains(text)
                ? nil : "expected one of \(definition.choices.joined(separator: ", "))"
        case (.manyOf, .array(let items)):
            let bad = items.first { $0.stringValue.map { !definition.choices.contains($0) } ?? true }
            return bad == nil ? nil : "expected any of \(definition.choices.joined(separator: ", "))"
        case (.link, .string(let text)), (.person, .string(let text)):
            return RecordID(text) == nil ? "expected the id of a \(targetName(definition))" : nil
        default:
            return "expected \(expectation(definition))"
        }
    }

    /// The words for what a field of `definition`'s type holds, for error messages.
    static func expectation(_ definition: FieldDefinition) -> String {
        switch definition.type {
        case .text: "text"
        case .number: "a number"
        case .money: "an amount with its currency"
        case .date: "a date YYYY-MM-DD"
        case .datetime: "milliseconds since 1970 as an integer"
        case .bool: "true or false"
        case .oneOf: "one of \(definition.choices.joined(separator: ", "))"
        case .manyOf: "a list of \(definition.choices.joined(separator: ", "))"
        case .link, .person: "the id of a \(targetName(definition))"
        }
    }

    static func targetName(_ definition: FieldDefinition) -> String {
        definition.type == .person ? "teammate" : (definition.target?.rawValue ?? "record")
    }

    /// A number typed with optional thousands separators: an integer when it is one.
    static func number(_ text: String, field: String) throws(DomainError) -> JSONValue {
        let plain = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")
        if let integer = Int64(plain), abs(integer) < (1 << 53) { return .int(integer) }
        guard let double = Double(plain), double.isFinite,
            plain.wholeMatch(of: /[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?/) != nil
        else { throw .outOfRange(field: field, value: text, range: "a number such as 12 or 3.5") }
        if double == double.rounded(), abs(double) < 9e15 { return .int(Int64(double)) }
        return .double(double)
    }

    /// Money as people write it: `1200`, `1,200.50 EUR`, `EUR 1200`, `$1200`.
    static func money(_ text: String, currency: String, field: String) throws -> Money {
        var code = currency
        var amount = ""
        for part in text.split(separator: " ") {
            if part.count == 3, part.allSatisfy({ $0.isLetter }) { code = part.uppercased() } else { amount += part }
        }
        let symbols: [Character: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"]
        if let first = amount.first, let symbolCode = symbols[first] {
            code = symbolCode
            amount.removeFirst()
        }
        return try Money(parsing: amount.replacingOccurrences(of: ",", with: ""), currency: code, field: field)
    }

    static func flag(_ text: String, field: String) throws(DomainError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "1", "y", "on", "x": return true
        case "false", "no", "0", "n", "off": return false
        default: throw .outOfRange(field: field, value: text, range: "true or false")
        }
    }

    /// The choice `text` names, matched without case.
    static func choice(_ text: String, of definition: FieldDefinition) throws(DomainError) -> String {
        let lower = text.lowercased()
        guard let match = definition.choices.first(where: { $0.lowercased() == lower }) else {
            throw .unknownChoice(field: definition.name, value: text, allowed: definition.choices)
        }
        return match
    }

    /// The value as a person reads it: `2027-03-01`, `North, South`, `12.50 EUR`, `yes`.
    public static func display(_ value: JSONValue, for definition: FieldDefinition?) -> String {
        switch value {
        case .null: return ""
        case .string(let text): return text
        case .int(let number):
            guard definition?.type == .datetime else { return String(number) }
            let civil = CivilTime(unixSeconds: Int(number / 1000))
            return String(
                format: "%04d-%02d-%02dT%02d:%02d:%02dZ", civil.year, civil.month, civil.day, civil.hour, civil.minute,
                civil.second)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "yes" : "no"
        case .array(let items): return items.compactMap(\.stringValue).joined(separator: ", ")
        case .object(let object):
            return [object["amount"]?.stringValue, object["currency"]?.stringValue].compactMap { $0 }.joined(
                separator: " ")
        }
    }
}
