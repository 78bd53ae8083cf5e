// crm — a terminal-first CRM. Licensed under the MIT License.

/// A period that cannot be cut, with a message that says how to fix it.
public enum PeriodError: Error, Equatable, CustomStringConvertible {
    /// `--from` is after `--to`.
    case emptyRange(from: String, to: String)

    public var description: String {
        switch self {
        case .emptyRange(let from, let to): "the period \(from)..\(to) is empty: --from must not be after --to"
        }
    }
}
