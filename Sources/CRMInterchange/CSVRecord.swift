// crm — a terminal-first CRM. Licensed under the MIT License.

/// One CSV record with the physical line it starts on.
///
/// The line number is what error messages and the import report name, so it counts physical
/// lines of the file (a quoted field with embedded newlines spans several).
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based line the record starts on.
    public let line: Int
    /// The field values, unquoted.
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
