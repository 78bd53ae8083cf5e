// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// Turns logged values (JSON text) into what a person reads in a timeline: names for references,
/// local times for timestamps, formatted money, quoted text cut to a line.
struct TimelineValues {
    let db: Database
    let kind: EntityKind
    let timeZoneOffsetSeconds: Int
    /// Labels already looked up, by "kind:id".
    private var labels: [String: String] = [:]

    init(db: Database, kind: EntityKind, timeZoneOffsetSeconds: Int) {
        self.db = db
        self.kind = kind
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }

    /// A field's name for people: `owner_id` → owner, `close_date` → close date.
    static func label(_ field: String) -> String {
        (field.hasSuffix("_id") ? String(field.dropLast(3)) : field).replacingOccurrences(of: "_", with: " ")
    }

    /// A create's initial fields, each as its JSON text.
    func initialFields(_ json: String?) -> [String: String] {
        guard let json, let object = JSONValue.members(ofObject: json) else { return [:] }
        return object
    }

    /// A user's name, `fallback` when there is no id, "(unknown user)" for one not in the directory.
    mutating func user(_ id: String?, fallback: String) throws -> String {
        guard let id else { return fallback }
        return try name(of: .user, id: id)
    }

    /// The value of `field` as people read it; "—" for none.
    mutating func text(_ field: String, _ json: String?) throws -> String {
        guard let json, json != "null" else { return "—" }
        guard let spec = kind.field(field), let value = try? FieldValue(json: json, type: spec.type, field: field)
        else { return Self.cut(json) }
        switch (spec.type, value) {
        case (_, .null): return "—"
        case (.reference(let target), .text(let id)): return try name(of: target, id: id)
        case (.timestamp, .integer(let millis)): return local(millis)
        case (_, .money(let money)): return money.formatted
        case (_, .bool(let flag)): return flag ? "yes" : "no"
        case (_, .tags(let tags)): return tags.joined(separator: ", ")
        case (_, .integer(let number)): return String(number)
        case (_, .text(let text)): return "\"" + Self.cut(text) + "\""
        }
    }

    /// The name, title or subject of a record, or "(deleted …)" when this device has none.
    mutating func name(of target: EntityKind, id: String) throws -> String {
        let key = "\(target.rawValue):\(id)"
        if let known = labels[key] { return known }
        let column = Store.labelColumn(target)
        let statement = try db.cachedStatement(sql: "SELECT \(column) FROM \(target.table) WHERE id = ?")
        let found = try String.fetchOne(statement, arguments: [id])
        let text = found ?? (target == .user ? "(unknown user)" : "(deleted \(target.label))")
        labels[key] = text
        return text
    }

    func local(_ millis: Int64) -> String {
        let civil = CivilTime(unixSeconds: Int(millis / 1000) + timeZoneOffsetSeconds)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", civil.year, civil.month, civil.day, civil.hour, civil.minute)
    }

    static func cut(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count > 40 ? String(line.prefix(40)) + "…" : line
    }
}
