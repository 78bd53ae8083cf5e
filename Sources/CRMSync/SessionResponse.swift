// crm — a terminal-first CRM. Licensed under the MIT License.

/// The answer to a successful login: a bearer token and what it is bound to.
///
/// `server_time` lets the client measure its clock offset at once (SYNC.md 3.2); `epoch` names the
/// server database, so a restore from backup is detected on the next push or pull.
public struct SessionResponse: Codable, Hashable, Sendable {
    /// 256 random bits, base64url; the server keeps only its SHA-256.
    public var token: String
    /// Expiry as milliseconds since 1970 UTC.
    public var expiresAt: Int64
    public var userID: String
    public var role: Role
    /// Server clock as milliseconds since 1970 UTC.
    public var serverTime: Int64
    public var epoch: String
    /// The push bodies this server takes besides objects.
    ///
    /// `["rows"]` (`PushRowFormat`). Absent from an older server's answer, so a client sends it
    /// objects; an older client ignores it.
    public var pushFormats: [String]?

    public init(
        token: String, expiresAt: Int64, userID: String, role: Role, serverTime: Int64, epoch: String,
        pushFormats: [String]? = nil
    ) {
        self.token = token
        self.expiresAt = expiresAt
        self.userID = userID
        self.role = role
        self.serverTime = serverTime
        self.epoch = epoch
        self.pushFormats = pushFormats
    }

    /// Whether this server takes pushes in the compact rows format.
    public var takesPushRows: Bool { pushFormats?.contains(PushRowFormat.name) ?? false }

    enum CodingKeys: String, CodingKey {
        case token
        case expiresAt = "expires_at"
        case userID = "user_id"
        case role
        case serverTime = "server_time"
        case epoch
        case pushFormats = "push_formats"
    }
}
