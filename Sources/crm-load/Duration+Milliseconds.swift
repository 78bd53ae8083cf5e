// crm — a terminal-first CRM. Licensed under the MIT License.

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
