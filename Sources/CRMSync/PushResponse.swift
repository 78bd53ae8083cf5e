// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The answer to a committed push.
///
/// Sent only after the server transaction committed, so a client that sees it may mark every
/// change up to `accepted_through` as acknowledged. A repeated push gets the same
/// `accepted_through` and stores nothing twice.
public struct PushResponse: Codable, Hashable, Sendable {
    /// The device's highest stored `device_seq`.
    public var acceptedThrough: Int64
    /// First and last `seq` assigned by this push; nil when it stored nothing new.
    public var seqFrom: Int64?
    public var seqTo: Int64?
    public var serverTime: Int64
    public var rejected: [RejectedChange]
    public var conflicts: [WireConflict]

    public init(
        acceptedThrough: Int64, seqFrom: Int64?, seqTo: Int64?, serverTime: Int64, rejected: [RejectedChange] = [],
        conflicts: [WireConflict] = []
    ) {
        self.acceptedThrough = acceptedThrough
        self.seqFrom = seqFrom
        self.seqTo = seqTo
        self.serverTime = serverTime
        self.rejected = rejected
        self.conflicts = conflicts
    }

    enum CodingKeys: String, CodingKey {
        case acceptedThrough = "accepted_through"
        case seqFrom = "seq_from"
        case seqTo = "seq_to"
        case serverTime = "server_time"
        case rejected, conflicts
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(acceptedThrough, forKey: .acceptedThrough)
        try container.encode(seqFrom, forKey: .seqFrom)
        try container.encode(seqTo, forKey: .seqTo)
        try container.encode(serverTime, forKey: .serverTime)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(conflicts, forKey: .conflicts)
    }
}
