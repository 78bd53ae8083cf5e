// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The constants of protocol v1 that client and server must agree on.
///
/// Paths, the protocol number and the limits of SYNC.md 3.5 live here once, so the client's
/// batching and the server's refusals cannot drift apart.
public enum SyncAPI {
    /// The protocol number sent as `protocol` in every push.
    public static let protocolVersion = 1
    /// `POST` to log in, `DELETE` to revoke the caller's token.
    public static let sessionPath = "/v1/session"
    /// `POST` to push, `GET ?after=&limit=&exclude_own=` to pull.
    public static let changesPath = "/v1/changes"
    /// `GET` the tenant's team directory (`TeamResponse`).
    public static let teamPath = "/v1/team"
    /// Liveness probe.
    public static let healthPath = "/healthz"
    /// Client-side push batch target: changes per request (cut at `tx_id` boundaries).
    public static let pushBatchChanges = 1000
    /// Client-side push batch target: uncompressed bytes per request.
    public static let pushBatchBytes = 1024 * 1024
    /// Server hard limit: changes per push (413 above).
    public static let maxChangesPerPush = 10_000
    /// Server hard limit: request body bytes as sent (413 above).
    public static let maxBodyBytes = 4 * 1024 * 1024
    /// How far ahead of the server clock a pushed HLC may be (422 `clock_ahead` above).
    public static let maxClockAheadMillis: Int64 = 5 * 60 * 1000
    /// The largest single value a change may carry, in bytes.
    ///
    /// A change must fit in one push with room to spare, so no local value can wedge the queue.
    /// Checked where the value is written (the local store) and again by the server.
    public static let maxValueBytes = FieldSpec.maxValueBytes
    /// Default and largest pull page.
    public static let defaultPullLimit = 1000
    public static let maxPullLimit = 5000
}
