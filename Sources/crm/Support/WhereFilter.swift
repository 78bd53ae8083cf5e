// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// Parses `--where "stage=Lead,owner=me"` into the field values `Store.ids(of:where:)` matches.
///
/// Names are the words the CLI uses elsewhere: `stage`, `owner`, `assignee`, `company`,
/// `contact` and `tag` are looked up as `--stage`, `--owner` and friends are (a stage by name,
/// `me` or a teammate, `none` for nobody); any other schema field compares as text without case.
enum WhereFilter {
    static func parse(_ text: String, kind: EntityKind, in store: Store) throws -> [String: FieldValue] {
        var result: [String: FieldValue] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmed() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--where: '\(pair)' is not field=value (e.g. --where \"stage=Lead,owner=me\")")
            }
            let (name, value) = (parts[0].lowercased(), parts[1])
            switch name {
            case "stage" where kind == .deal:
                result["stage_id"] = .text(try StageName.resolve(value, in: store).rawValue)
            case "owner", "assignee":
                let column = name == "owner" ? "owner_id" : "assignee_id"
                guard kind.field(column) != nil else { throw unknown(name, kind) }
                result[column] = try person(value, in: store)
            case "company", "contact":
                let column = name + "_id"
                guard kind.field(column) != nil else { throw unknown(name, kind) }
                result[column] = .text(try store.resolve(name == "company" ? .company : .contact, value).rawValue)
            case "tag":
                guard kind.field("tags") != nil else { throw unknown(name, kind) }
                result["tags"] = .tags([try Tag(value).name])
            default:
                guard let spec = kind.field(name), !name.hasSuffix("_id") else { throw unknown(name, kind) }
                result[spec.name] = .text(value)
            }
        }
        return result
    }

    /// `none` for records without anyone; else a teammate, active or not (old records count too).
    private static func person(_ handle: String, in store: Store) throws -> FieldValue {
        if ["none", "-"].contains(handle.lowercased()) { return .null }
        return .text(try store.resolveUser(handle).rawValue)
    }

    private static func unknown(_ name: String, _ kind: EntityKind) -> ValidationError {
        let links = ["stage", "owner", "assignee", "company", "contact", "tag"].filter { link in
            switch link {
            case "stage": kind == .deal
            case "tag": kind.field("tags") != nil
            default: kind.field(link + "_id") != nil
            }
        }
        let plain = kind.fields.map(\.name).filter { !$0.hasSuffix("_id") && $0 != "tags" }
        return ValidationError(
            "--where: \(kind.plural) have no field '\(name)' (use \((links + plain).joined(separator: ", ")))")
    }
}
