// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One version of one register (a field, or a record's `_deleted` flag): value plus its writer.
///
/// The server's `field_state` rows and the client's per-field metadata are both lists of these;
/// merging is comparing two of them by `(hlc, deviceID)`.
public struct FieldVersion: Hashable, Sendable {
    /// The register name that stands for a record's existence: `true` while it is deleted.
    public static let deletedField = "_deleted"

    public var value: JSONValue
    public var hlc: HLC
    public var deviceID: String
    public var userID: String?

    public init(value: JSONValue, hlc: HLC, deviceID: String, userID: String? = nil) {
        self.value = value
        self.hlc = hlc
        self.deviceID = deviceID
        self.userID = userID
    }

    /// Who wrote this version and when.
    public var stamp: WriteStamp { WriteStamp(hlc: hlc, deviceID: deviceID) }

    /// The LWW order (`WriteStamp.beats`, shared with the client): does `self` beat `other`?
    /// Higher HLC wins, the device id breaks ties.
    public func beats(_ other: FieldVersion) -> Bool {
        stamp.beats(other.stamp)
    }

    /// The wire form used in conflict records.
    public var side: ConflictSide {
        ConflictSide(value: value, hlc: hlc.wire(deviceID: deviceID), deviceID: deviceID, userID: userID)
    }
}

/// One side of a conflict as shown to users: the value, when, which device and who.
public struct ConflictSide: Codable, Hashable, Sendable {
    public var value: JSONValue
    public var hlc: String
    public var deviceID: String
    public var userID: String?

    public init(value: JSONValue, hlc: String, deviceID: String, userID: String?) {
        self.value = value
        self.hlc = hlc
        self.deviceID = deviceID
        self.userID = userID
    }

    enum CodingKeys: String, CodingKey {
        case value, hlc
        case deviceID = "device_id"
        case userID = "user_id"
    }

    /// The JSON value the wire encoder makes of this side (`user_id` null when nil), built directly.
    public var jsonValue: JSONValue {
        .object([
            "value": value, "hlc": .string(hlc), "device_id": .string(deviceID),
            "user_id": userID.map(JSONValue.string) ?? .null,
        ])
    }

    /// Appends `jsonValue.jsonText`, its keys in the encoder's order, without building the object
    /// (`WireConflict.jsonText`).
    func appendJSONText(to text: inout String) {
        text += "{\"device_id\":"
        JSONText.appendQuoted(deviceID, to: &text)
        text += ",\"hlc\":"
        JSONText.appendQuoted(hlc, to: &text)
        text += ",\"user_id\":"
        if let userID { JSONText.appendQuoted(userID, to: &text) } else { text += "null" }
        text += ",\"value\":"
        text += value.jsonText
        text += "}"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(hlc, forKey: .hlc)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(userID, forKey: .userID)
    }
}
