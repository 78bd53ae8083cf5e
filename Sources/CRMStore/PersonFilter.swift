// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// Whose records a list shows: one person's (`--owner me`, `--assignee ana`) or nobody's
/// (`--assignee none`).
public enum PersonFilter: Hashable, Sendable {
    case person(RecordID)
    case nobody

    /// The SQL condition on `column`, with `arguments` to bind.
    func condition(_ column: String) -> String {
        switch self {
        case .person: "\(column) = ?"
        case .nobody: "\(column) IS NULL"
        }
    }

    var arguments: StatementArguments {
        switch self {
        case .person(let id): [id.rawValue]
        case .nobody: []
        }
    }
}
