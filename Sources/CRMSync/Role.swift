// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A user's role, which decides the entity kinds they may read and write (SPEC 7).
///
/// Both sides need it: the server filters pulls and refuses pushes by it, and the client can hide
/// what the server would refuse anyway.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin
    case manager
    case rep
    case agent

    /// The entity kinds this role may read and write.
    ///
    /// Every role has notifications, so every role writes notification marks; but only its own
    /// (`RoleRules.markRefusal`), and it reads only its own (`RoleRules.sees(_:mark:)`).
    public var entities: Set<EntityKind> {
        switch self {
        case .admin: Set(EntityKind.allCases)
        case .manager: Set(EntityKind.allCases).subtracting([.user])
        case .rep: [.contact, .company, .deal, .stage, .stageChange, .activity, .notificationMark]
        case .agent: [.contact, .supportCase, .activity, .notificationMark]
        }
    }

    /// Whether this role may read and write records of `kind`: the same answer as `entities`, by a
    /// switch, because a pull asks it for every change and building the set each time showed in
    /// the server's profile.
    public func allows(_ kind: EntityKind) -> Bool {
        switch self {
        case .admin: return true
        case .manager: return kind != .user
        case .rep:
            switch kind {
            case .contact, .company, .deal, .stage, .stageChange, .activity, .notificationMark: return true
            default: return false
            }
        case .agent:
            switch kind {
            case .contact, .supportCase, .activity, .notificationMark: return true
            default: return false
            }
        }
    }
}
