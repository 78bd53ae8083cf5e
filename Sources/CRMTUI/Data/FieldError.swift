// crm — a terminal-first CRM. Licensed under the MIT License.

/// A value one form field cannot take, shown under that field.
///
/// Data sources throw it for validation the TUI cannot do itself (for example an unknown
/// company name); the TUI's own checks produce it too.
public struct FieldError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
