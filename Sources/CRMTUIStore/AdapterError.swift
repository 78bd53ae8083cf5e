// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// What the TUI's store adapter refuses, with the fix.
public enum AdapterError: Error, CustomStringConvertible, Equatable {
    case noCurrentUser
    case unsupported(kind: EntityKind, action: String)

    public var description: String {
        switch self {
        case .noCurrentUser:
            "no signed-in user on this database; run `crm init --user NAME` first"
        case .unsupported(let kind, let action):
            "\(action) \(kind.rawValue) records is not available in the TUI; use `crm \(kind.rawValue)` on the command line"
        }
    }
}
