// crm — a terminal-first CRM. Licensed under the MIT License.

/// The indented JSON text the CLI prints with `--json`.
///
/// The layout `JSONSerialization` gave it before (two spaces a level, `"key" : value`, one
/// element a line, keys sorted), so scripts and `grep '"email" : "…"'` read it as before, but
/// written from the typed value: strings escaped by `JSONText.appendQuoted` (the change log's and
/// the wire's escaper), keys in UTF-8 byte order as in `jsonText`, and empty arrays and objects as
/// `[]` and `{}`.
extension JSONValue {
    /// The value as indented JSON text, without a trailing newline.
    ///
    /// An integral double prints as an integer (`1`, `44`), any other finite one in its shortest
    /// form that reads back the same (`0.4413`); a NaN or infinity, which JSON cannot hold, as `null`.
    public var prettyText: String {
        var text = ""
        Self.appendPretty(self, indent: 0, to: &text)
        return text
    }

    private static func appendPretty(_ value: JSONValue, indent: Int, to text: inout String) {
        switch value {
        case .double(let number): text += numberText(number)
        case .array(let items):
            guard !items.isEmpty else { return text += "[]" }
            text += "[\n"
            for (index, item) in items.enumerated() {
                if index > 0 { text += ",\n" }
                text += String(repeating: " ", count: indent + 2)
                appendPretty(item, indent: indent + 2, to: &text)
            }
            text += "\n" + String(repeating: " ", count: indent) + "]"
        case .object(let fields):
            guard !fields.isEmpty else { return text += "{}" }
            text += "{\n"
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { text += ",\n" }
                text += String(repeating: " ", count: indent + 2)
                JSONText.appendQuoted(key, to: &text)
                text += " : "
                appendPretty(fields[key] ?? .null, indent: indent + 2, to: &text)
            }
            text += "\n" + String(repeating: " ", count: indent) + "}"
        case .null, .bool, .int, .string:
            _ = append(value, to: &text)
        }
    }

    /// `1` for 1.0, `0.4413`, `1e-05`; `null` for a value JSON has no number for.
    static func numberText(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }
}
