// crm — a terminal-first CRM. Licensed under the MIT License.

/// Why a change record does not fit the schema; the server answers these with 422.
///
/// Each case names the change and the field at fault, so a client log or `crm sync status`
/// tells the user exactly what to fix.
public enum SyncValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownEntity(changeID: String, entity: String)
    case unknownField(changeID: String, entity: String, field: String)
    case invalidValue(changeID: String, entity: String, field: String, reason: String)
    case invalidChange(changeID: String, reason: String)

    /// The stable machine-readable code sent as `error` in the body.
    public var code: String {
        switch self {
        case .unknownEntity: "unknown_entity"
        case .unknownField: "unknown_field"
        case .invalidValue: "invalid_value"
        case .invalidChange: "invalid_change"
        }
    }

    /// The change at fault.
    public var changeID: String {
        switch self {
        case .unknownEntity(let id, _), .unknownField(let id, _, _), .invalidValue(let id, _, _, _),
            .invalidChange(let id, _):
            id
        }
    }

    public var description: String {
        switch self {
        case .unknownEntity(let id, let entity):
            "change \(id): unknown entity '\(entity)'; use one of \(EntityNames.all)"
        case .unknownField(let id, let entity, let field):
            "change \(id): entity '\(entity)' has no field '\(field)'; upgrade the server or drop the field"
        case .invalidValue(let id, let entity, let field, let reason):
            "change \(id): invalid value for \(entity).\(field): \(reason)"
        case .invalidChange(let id, let reason):
            "change \(id): \(reason)"
        }
    }
}

enum EntityNames {
    static let all = "contact, company, deal, stage, stage_change, activity, case, sla_policy, user"
}
