// crm — a terminal-first CRM. Licensed under the MIT License.

/// The JSON body of every error response: a stable code, a human message, and extras.
///
/// Clients branch on `error` (for example `device_seq_gap` → resend from `expected`,
/// `clock_ahead` → adopt `server_time`); `message` says what went wrong and how to fix it.
///
/// ```json
/// {"error":"device_seq_gap","message":"…","expected":42}
/// ```
public struct ErrorBody: Codable, Hashable, Sendable {
    public var error: String
    public var message: String
    /// The `device_seq` the server expects next (409 `device_seq_gap`).
    public var expected: Int64?
    /// Server clock in ms since 1970 (422 `clock_ahead`).
    public var serverTime: Int64?
    /// The server's epoch (409 `epoch_mismatch`).
    public var epoch: String?
    /// The device's last stored `device_seq` (409 `epoch_mismatch`).
    public var lastDeviceSeq: Int64?
    /// The offending change, when one change caused the error.
    public var changeID: String?

    public init(
        error: String, message: String, expected: Int64? = nil, serverTime: Int64? = nil, epoch: String? = nil,
        lastDeviceSeq: Int64? = nil, changeID: String? = nil
    ) {
        self.error = error
        self.message = message
        self.expected = expected
        self.serverTime = serverTime
        self.epoch = epoch
        self.lastDeviceSeq = lastDeviceSeq
        self.changeID = changeID
    }

    enum CodingKeys: String, CodingKey {
        case error, message, expected, epoch
        case serverTime = "server_time"
        case lastDeviceSeq = "last_device_seq"
        case changeID = "change_id"
    }
}
