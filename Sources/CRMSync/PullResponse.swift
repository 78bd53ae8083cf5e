// crm — a terminal-first CRM. Licensed under the MIT License.

/// The answer to `GET /v1/changes?after=SEQ`: the next page of the tenant's log.
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

    public init(
        epoch: String, changes: [WireChange], nextAfter: Int64, hasMore: Bool, serverTime: Int64,
        minRetainedSeq: Int64
    ) {
        self.epoch = epoch
        self.changes = changes
        self.nextAfter = nextAfter
        self.hasMore = hasMore
        self.serverTime = serverTime
        self.minRetainedSeq = minRetainedSeq
    }

    enum CodingKeys: String, CodingKey {
        case epoch, changes
        case nextAfter = "next_after"
        case hasMore = "has_more"
        case serverTime = "server_time"
        case minRetainedSeq = "min_retained_seq"
    }
}
