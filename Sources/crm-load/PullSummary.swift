// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The parts of a pull answer a simulated client needs: the change count, next cursor, more.
///
/// Decoding every change fully (as `PullResponse` does) would spend the bench's CPU, which the
/// server shares on this machine, on work a real device does in its own process. The verification
/// decodes full `PullResponse`s.
struct PullSummary: Decodable {
    /// A change, skipped without reading its fields.
    struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    /// The page's changes, from `changes` or from the compact format's `rows` (`PullRows`).
    var changes: [Skipped]
    var nextAfter: Int64
    var hasMore: Bool

    enum CodingKeys: String, CodingKey {
        case changes, rows
        case nextAfter = "next_after"
        case hasMore = "has_more"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        changes =
            try container.decodeIfPresent([Skipped].self, forKey: .changes)
            ?? container.decode([Skipped].self, forKey: .rows)
        nextAfter = try container.decode(Int64.self, forKey: .nextAfter)
        hasMore = try container.decode(Bool.self, forKey: .hasMore)
    }
}
