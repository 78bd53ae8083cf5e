// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The body of `POST /v1/changes`: a device's next changes, in ascending `device_seq`.
///
/// Batches are cut at `tx_id` boundaries so that a local transaction is applied whole. The tenant
/// comes from the token only; a body naming a `tenant` is refused with 422 (SYNC.md 3.12).
public struct PushRequest: Codable, Hashable, Sendable {
    /// Protocol version, 1.
    public var `protocol`: Int
    public var schemaVersion: Int
    /// The server epoch the device last saw; a mismatch is a 409 `epoch_mismatch`.
    public var epoch: String?
    public var deviceID: String
    public var changes: [WireChange]
    /// Must be absent: present only so that the server can refuse it explicitly.
    public var tenant: JSONValue?

    public init(
        protocol: Int = SyncAPI.protocolVersion, schemaVersion: Int, epoch: String?, deviceID: String,
        changes: [WireChange],
        tenant: JSONValue? = nil
    ) {
        self.protocol = `protocol`
        self.schemaVersion = schemaVersion
        self.epoch = epoch
        self.deviceID = deviceID
        self.changes = changes
        self.tenant = tenant
    }

    enum CodingKeys: String, CodingKey {
        case `protocol`
        case schemaVersion = "schema_version"
        case epoch
        case deviceID = "device_id"
        case changes
        case tenant
    }
}
