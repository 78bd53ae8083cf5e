// crm — a terminal-first CRM. Licensed under the MIT License.

/// Renders key bindings as a Markdown table for the user guide.
///
/// The guide's key tables are generated from the same `KeyBinding` values that drive dispatch,
/// the help overlay and the hint bar, so documentation cannot drift from behaviour.
///
/// ```swift
/// print(KeyTable.markdown(screen.bindings()))
/// ```
public enum KeyTable {
    /// A two-column table: the keys (in backticks) and what they do.
    public static func markdown(_ bindings: [KeyBinding]) -> String {
        var lines = ["| key | action |", "| --- | --- |"]
        for binding in bindings {
            let keys = binding.keys.map { "`\(escape($0.label))`" }.joined(separator: " ")
            lines.append("| \(keys) | \(escape(binding.description)) |")
        }
        return lines.joined(separator: "\n")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
