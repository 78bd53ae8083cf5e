// crm — a terminal-first CRM. Licensed under the MIT License.

/// Formats CSV records per RFC 4180: fields with a comma, quote, CR or LF are quoted and their
/// quotes doubled; lines end with CRLF so Excel and every importer read them.
public enum CSVWriter {
    /// One record as a CSV line, CRLF included.
    public static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// Quotes a field when it needs it.
    public static func quote(_ field: String) -> String {
        guard
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                || field.first == " " || field.last == " "
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
