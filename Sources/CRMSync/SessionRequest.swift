// crm — a terminal-first CRM. Licensed under the MIT License.

/// The body of `POST /v1/session`: log a device in as a user of a tenant.
///
/// The device id is made once by `crm sync login` and bound to the token the server returns, so
/// every later push is attributed to exactly this device.
public struct SessionRequest: Codable, Hashable, Sendable {
    public var tenant: String
    public var user: String
    public var password: String
    public var deviceID: String
    public var deviceName: String

    public init(tenant: String, user: String, password: String, deviceID: String, deviceName: String) {
        self.tenant = tenant
        self.user = user
        self.password = password
        self.deviceID = deviceID
        self.deviceName = deviceName
    }

    enum CodingKeys: String, CodingKey {
        case tenant, user, password
        case deviceID = "device_id"
        case deviceName = "device_name"
    }
}
