// crm — a terminal-first CRM. Licensed under the MIT License.

/// Why an import or export could not run at all (as opposed to one bad row, see `RowIssue`).
///
/// Every message says what went wrong, where (file, line, column or field) and how to fix it,
/// because the person reading it is usually holding a file exported by another CRM and needs to
/// know whether to re-export, re-save or pass a `--map`.
public enum InterchangeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be opened.
    case fileNotFound(path: String)
    /// The file could not be read after it was opened.
    case readFailed(path: String, reason: String)
    /// The file holds binary data (a spreadsheet, an archive, an image), not the `format`'s text.
    case binaryFile(kind: String, format: String = "CSV")
    /// The file's text encoding is not one we read.
    case unsupportedEncoding(String)
    /// A line is not valid UTF-8 although the start of the file was.
    case invalidUTF8(line: Int)
    /// A quoted field is still open at the end of the file.
    case unterminatedQuote(line: Int)
    /// One field is larger than the limit (usually an unbalanced quote swallowing the file).
    case fieldTooLarge(line: Int, limit: Int)
    /// The file has no header row.
    case emptyFile
    /// None of the header's columns maps to a field of the kind being imported.
    case noKnownColumns(headers: [String])
    /// A column the kind cannot do without is not in the header.
    case missingRequiredColumn(field: String, headers: [String])
    /// A `--map` entry is malformed or names an unknown column or field.
    case invalidMapping(entry: String, reason: String)
    /// `--preset` names a preset we do not have.
    case unknownPreset(String)
    /// A vCard file is malformed.
    case invalidVCard(line: Int, reason: String)
    /// A JSON export file is malformed.
    case invalidJSON(line: Int, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "\(path): no such file; check the path (relative paths start in the current directory)"
        case .readFailed(let path, let reason):
            "\(path): cannot be read (\(reason)); check its permissions"
        case .binaryFile(let kind, let format):
            "the file is binary (\(kind)), not \(format) text; export or save it as \(format) (UTF-8) and import that"
        case .unsupportedEncoding(let name):
            "the file is encoded as \(name), which is not supported; re-save it as UTF-8"
        case .invalidUTF8(let line):
            "line \(line) is not valid UTF-8 although the start of the file is; re-save the whole file as UTF-8"
        case .unterminatedQuote(let line):
            "line \(line): a quoted field is never closed; add the missing \" or remove the stray one"
        case .fieldTooLarge(let line, let limit):
            "line \(line): a field is larger than \(limit) bytes; this is usually an unbalanced \" at line "
                + "\(line) that swallows the rest of the file, so check the quotes there"
        case .emptyFile:
            "the file is empty; a CSV import needs a header row naming the columns"
        case .noKnownColumns(let headers):
            "no column of the header is known (\(Self.list(headers))); pass --preset or --map \"Column=field,...\""
        case .missingRequiredColumn(let field, let headers):
            "no column gives the required field '\(field)' (header: \(Self.list(headers))); "
                + "add it with --map \"Column=\(field)\""
        case .invalidMapping(let entry, let reason):
            "--map entry '\(entry)': \(reason)"
        case .unknownPreset(let name):
            "unknown preset '\(name)'; use one of: \(ImportPreset.allCases.map(\.rawValue).joined(separator: ", "))"
        case .invalidVCard(let line, let reason):
            "line \(line): \(reason)"
        case .invalidJSON(let line, let reason):
            "line \(line): \(reason); the file must be written by `crm export json`"
        }
    }

    static func list(_ headers: [String]) -> String {
        let shown = headers.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        return headers.count > 12 ? shown + ", … \(headers.count - 12) more" : shown
    }
}
