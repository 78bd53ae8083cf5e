// crm — a terminal-first CRM. Licensed under the MIT License.

extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, and with `newlines` line
    /// breaks too), in the standard library.
    ///
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString on Linux; validation runs it
    /// for every field of every imported row, where that bridge was a visible share of the time.
    public func trimmed(newlines: Bool = false) -> String {
        trimmed { newlines ? $0.isWhitespace : $0.isWhitespace && !$0.isNewline }
    }

    /// The text without the leading and trailing characters that `drop` accepts.
    public func trimmed(where drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
