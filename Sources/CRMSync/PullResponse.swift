// crm — a terminal-first CRM. Licensed under the MIT License.

/// The answer to `GET /v1/changes?after=SEQ`: the next page of the tenant's log.
///
/// Decodes either format: `changes` as objects, or the compact `rows` (`PullRows`).
///
/// `next_after` is the last *scanned* seq, not the last returned one, so rows hidden by the
/// role filter or `exclude_own` are skipped once and never re-scanned. The client stores it as
/// its cursor in the same transaction that applies `changes`.
public struct PullResponse: Codable, Hashable, Sendable {
    public var epoch: String
    public var changes: [WireChange]
    public var nextAfter: Int64
    public var hasMore: Bool
    public var serverTime: Int64
    public var minRetainedSeq: Int64
    /// Counts the tenant's changes to its team directory.
    ///
    /// A device fetches `GET /v1/team` only when this moved, so a sync stays two requests.
    /// 0 from a server that does not send it.
    public var teamVersion: Int64

    public init(
        epoch: String, changes: [WireChange], nextAfter: Int64, hasMore: Bool, serverTime: Int64,
        minRetainedSeq: Int64, teamVersion: Int64 = 0
    ) {
        self.epoch = epoch
        self.changes = changes
        self.nextAfter = nextAfter
        self.hasMore = hasMore
        self.serverTime = serverTime
        self.minRetainedSeq = minRetainedSeq
        self.teamVersion = teamVersion
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        epoch = try container.decode(String.self, forKey: .epoch)
        if container.contains(.changes) {
            changes = try container.decode([WireChange].self, forKey: .changes)
        } else {
            // The compact format (`PullRows`), from a server that honoured `format=rows`.
            var rows = try decoder.container(keyedBy: RowsKey.self).nestedUnkeyedContainer(forKey: .rows)
            changes = try PullRows.changes(from: &rows)
        }
        nextAfter = try container.decode(Int64.self, forKey: .nextAfter)
        hasMore = try container.decode(Bool.self, forKey: .hasMore)
        serverTime = try container.decode(Int64.self, forKey: .serverTime)
        minRetainedSeq = try container.decode(Int64.self, forKey: .minRetainedSeq)
        teamVersion = try container.decodeIfPresent(Int64.self, forKey: .teamVersion) ?? 0
    }

    /// The member of the compact format that stands for `changes`.
    enum RowsKey: String, CodingKey { case rows }

    enum CodingKeys: String, CodingKey {
        case epoch, changes
        case nextAfter = "next_after"
        case hasMore = "has_more"
        case serverTime = "server_time"
        case minRetainedSeq = "min_retained_seq"
        case teamVersion = "team_version"
    }
}
