// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// What went wrong in the local store, with the record, path or rule at fault.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case folderMissing(path: String)
    case notADatabase(path: String)
    case newerSchema(path: String, unknown: [String])
    case notFound(kind: EntityKind, handle: String)
    case ambiguous(kind: EntityKind, handle: String, candidates: [String])
    case invalid(DomainError)
    case unknownField(kind: EntityKind, field: String)
    case missingRequired(kind: EntityKind, field: String)
    case conflict(String)
    case fileExists(path: String)
    /// New work given to a teammate the admin deactivated.
    case inactiveUser(name: String, active: [String])

    public var description: String {
        switch self {
        case .folderMissing(let path):
            "database folder '\(path)' does not exist (create it, or pass another --db)"
        case .notADatabase(let path):
            "'\(path)' is not a crm database (not an SQLite file); it was left untouched"
        case .newerSchema(let path, let unknown):
            "'\(path)' was written by a newer crm (schema \(unknown.joined(separator: ", "))); upgrade crm to open it"
        case .notFound(let kind, let handle):
            "no \(kind.label) matches '\(handle)' (use #number, an id prefix, an email or the exact name)"
        case .ambiguous(let kind, let handle, let candidates):
            "'\(handle)' matches several \(kind.plural): \(candidates.joined(separator: "; ")); "
                + (kind == .user ? "give more of the name, or the email" : "use the #number")
        case .invalid(let error):
            error.description
        case .unknownField(let kind, let field):
            "\(kind.label) has no field '\(field)' (fields: \(kind.fields.map(\.name).joined(separator: ", ")))"
        case .missingRequired(let kind, let field):
            "\(field) is required for a \(kind.label)"
        case .conflict(let message):
            message
        case .fileExists(let path):
            "'\(path)' already exists; choose another file or remove it first"
        case .inactiveUser(let name, let active):
            "\(name) was deactivated and can take no new work; assign it to an active teammate"
                + (active.isEmpty ? "" : " (\(active.joined(separator: ", ")))")
        }
    }
}

extension EntityKind {
    /// The plural people use in messages: companies, cases, SLA policies.
    public var plural: String {
        switch self {
        case .company: "companies"
        case .slaPolicy: "SLA policies"
        case .activity: "activities"
        default: label + "s"
        }
    }

    /// The word people use for this kind in messages.
    public var label: String {
        switch self {
        case .supportCase: "case"
        case .stageChange: "stage change"
        case .slaPolicy: "SLA policy"
        default: rawValue
        }
    }
}
