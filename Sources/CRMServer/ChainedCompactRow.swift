// crm — a terminal-first CRM. Licensed under the MIT License.

/// A change's `format=rows2` row as written right after the log's row before it, kept on the
/// change (`StoredChange.chainedCompactRow(after:)`).
///
/// A change is pulled by about nineteen devices of its tenant, nearly always right after the
/// same row, so its row is the same bytes every time but for a page's first row and rows after
/// one the reader does not see. Compared and copied member by member, each pull's rows cost about
/// 6 % of the server's CPU at 24,000 devices (Docs/BENCHMARKS.md, fourteenth session); kept whole,
/// a pull copies them.
final class ChainedCompactRow: Sendable {
    /// `[null,…]`: the seq is the row before's plus one, so it is always `null`.
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}
