// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The body of `POST /v1/changes`: a device's next changes, in ascending `device_seq`.
///
/// It decodes from either body a device may send: `changes` as objects, or `rows` in the compact
/// push format (`PushRowFormat`), to the same value, so the server validates and plans both alike.
/// It encodes as objects; `PushRowFormat.body` writes the rows.
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

    /// The key of the compact body's changes (`PushRowFormat`).
    enum RowsKey: String, CodingKey {
        case rows
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        `protocol` = try container.decode(Int.self, forKey: .protocol)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        epoch = try container.decodeIfPresent(String.self, forKey: .epoch)
        deviceID = try container.decode(String.self, forKey: .deviceID)
        tenant = try container.decodeIfPresent(JSONValue.self, forKey: .tenant)
        let rows = try decoder.container(keyedBy: RowsKey.self)
        guard rows.contains(.rows) else {
            changes = try container.decode([WireChange].self, forKey: .changes)
            return
        }
        guard !container.contains(.changes) else {
            throw DecodingError.dataCorruptedError(
                forKey: .changes, in: container, debugDescription: "a push sends changes or rows, not both")
        }
        var list = try rows.nestedUnkeyedContainer(forKey: .rows)
        changes = try PushRowFormat.changes(from: &list, device: deviceID)
    }
}
