// crm — a terminal-first CRM. Licensed under the MIT License.

extension FieldSpec {
    /// Turns text a person typed (CLI flag, form input, CSV cell) into a validated value.
    ///
    /// Empty text clears an optional field and is refused for a required one. References are
    /// returned as text; resolving a handle to a record id is the store's job.
    public func parse(
        _ text: String, currency: String = "USD", nowMillis: Int64 = 0, timeZoneOffsetSeconds: Int = 0
    ) throws -> FieldValue {
        let trimmed = text.trimmed(newlines: true)
        if trimmed.isEmpty {
            if required { throw DomainError.empty(field: name) }
            return .null
        }
        switch type {
        case .text, .reference:
            guard trimmed.count <= 10_000 else { throw DomainError.tooLong(field: name, limit: 10_000) }
            return .text(name == "notes" || name == "body" || name == "description" ? text : trimmed)
        case .email:
            return .text(try EmailAddress(trimmed, field: name).value)
        case .phone:
            return .text(try PhoneNumber(trimmed, field: name).value)
        case .integer:
            guard let value = Int64(trimmed) else {
                throw DomainError.outOfRange(field: name, value: text, range: "an integer")
            }
            if name == "probability", !(0...100).contains(value) {
                throw DomainError.outOfRange(field: name, value: text, range: "0 to 100")
            }
            return .integer(value)
        case .bool:
            switch trimmed.lowercased() {
            case "true", "yes", "1", "y", "done": return .bool(true)
            case "false", "no", "0", "n": return .bool(false)
            default: throw DomainError.outOfRange(field: name, value: text, range: "true or false")
            }
        case .money:
            return .money(try Money(parsing: trimmed, currency: currency, field: name))
        case .timestamp:
            guard
                let millis = WhenParser.parse(
                    trimmed, nowMillis: nowMillis, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
            else {
                throw DomainError.invalidTime(field: name, value: text)
            }
            return .integer(millis)
        case .date:
            return .text(try CalendarDate(trimmed, field: name).text)
        case .tags:
            return .tags(try Tag.normalize(trimmed.split(separator: ",").map(String.init), field: name))
        case .choice(let allowed):
            let lower = trimmed.lowercased()
            guard let match = allowed.first(where: { $0.lowercased() == lower }) else {
                throw DomainError.unknownChoice(field: name, value: text, allowed: allowed)
            }
            return .text(match)
        case .list:
            var items: [String] = []
            for part in trimmed.split(separator: ",") {
                let item = String(part).trimmed()
                if !item.isEmpty && !items.contains(item) { items.append(item) }
            }
            return .tags(items)
        }
    }

    /// Checks that a value has this field's shape; used for changes arriving from other devices.
    public func validate(_ value: FieldValue) throws {
        if case .null = value {
            if required { throw DomainError.empty(field: name) }
            return
        }
        if case .text(let text) = value { try checkControls(text) }
        if case .tags(let tags) = value { for tag in tags { try checkControls(tag) } }
        switch (type, value) {
        case (.money, .money), (.tags, .tags), (.list, .tags), (.bool, .bool), (.integer, .integer),
            (.timestamp, .integer):
            return
        case (.email, .text(let text)):
            _ = try EmailAddress(text, field: name)
        case (.date, .text(let text)):
            _ = try CalendarDate(text, field: name)
        case (.choice(let allowed), .text(let text)):
            guard allowed.contains(text) else {
                throw DomainError.unknownChoice(field: name, value: text, allowed: allowed)
            }
        case (.reference, .text(let text)):
            guard RecordID(text) != nil else {
                throw DomainError.outOfRange(field: name, value: text, range: "a record id")
            }
        case (.text, .text(let text)), (.phone, .text(let text)):
            if text.utf8.count > Self.maxValueBytes {
                throw DomainError.tooLarge(field: name, bytes: text.utf8.count, limit: Self.maxValueBytes)
            }
            if required && text.trimmed().isEmpty { throw DomainError.empty(field: name) }
        default:
            throw DomainError.outOfRange(field: name, value: value.jsonText, range: "a value of type \(type)")
        }
    }
}
