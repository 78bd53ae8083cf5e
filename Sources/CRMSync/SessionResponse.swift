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
    /// The `Content-Encoding`s this server takes on a push body, besides none.
    ///
    /// `["zstd", "gzip"]`. Absent from an older server's answer, which takes gzip only, so a client
    /// compresses its pushes in gzip for it; an older client ignores the key and sends gzip.
    public var pushEncodings: [String]?

    public init(
        token: String, expiresAt: Int64, userID: String, role: Role, serverTime: Int64, epoch: String,
        pushFormats: [String]? = nil, pushEncodings: [String]? = nil
    ) {
        self.token = token
        self.expiresAt = expiresAt
        self.userID = userID
        self.role = role
        self.serverTime = serverTime
        self.epoch = epoch
        self.pushFormats = pushFormats
        self.pushEncodings = pushEncodings
    }

    /// Whether this server takes pushes in the compact rows format.
    public var takesPushRows: Bool { pushFormats?.contains(PushRowFormat.name) ?? false }

    /// The coding a push to this server goes in when compressed: zstd where it is listed, else
    /// gzip, which every server takes.
    public var pushCoding: ContentCoding {
        pushEncodings?.contains(ContentCoding.zstd.rawValue) ?? false ? .zstd : .gzip
    }

    enum CodingKeys: String, CodingKey {
        case token
        case expiresAt = "expires_at"
        case userID = "user_id"
        case role
        case serverTime = "server_time"
        case epoch
        case pushFormats = "push_formats"
        case pushEncodings = "push_encodings"
    }
}
