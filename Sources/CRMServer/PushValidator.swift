// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// The stateless checks of a push: protocol, limits, device, tenant field, schema, role, clock.
///
/// Runs before the store transaction; the first failure refuses the whole request, so nothing
/// of a refused push is ever stored.
struct PushValidator {
    let configuration: ServerConfiguration
    let identity: SessionIdentity
    let now: Int64

    func validate(_ body: PushRequest) throws(ServerError) {
        guard body.tenant == nil else {
            throw .unprocessable(
                "tenant_in_body", "a push must not name a tenant; the tenant comes from the token alone")
        }
        guard body.protocol == SyncAPI.protocolVersion else {
            throw .unprocessable(
                "unsupported_protocol", "protocol \(body.protocol) is not supported; this server speaks 1")
        }
        guard body.changes.count <= configuration.maxChangesPerPush else {
            throw .tooLarge(changes: body.changes.count, limit: configuration.maxChangesPerPush)
        }
        guard body.deviceID.lowercased() == identity.deviceID else {
            throw .forbidden("device_not_allowed", "this token belongs to another device; push as the logged-in device")
        }
        for change in body.changes { try validate(change) }
        var seen = Set<String>()
        for change in body.changes where !seen.insert(change.changeID).inserted {
            throw .unprocessable(
                "invalid_batch", "change \(change.changeID) appears twice in one push; send each change once",
                changeID: change.changeID)
        }
    }

    func validate(_ change: WireChange) throws(ServerError) {
        do {
            try ChangeValidator.validate(change)
        } catch {
            throw .validation(error)
        }
        if let device = change.deviceID, device.lowercased() != identity.deviceID {
            throw .forbidden("device_not_allowed", "change \(change.changeID) names another device")
        }
        if let kind = change.kind, !identity.role.allows(kind) {
            throw .forbidden(
                "role_forbids",
                "role '\(identity.role.rawValue)' may not write \(kind.rawValue) records (change \(change.changeID))")
        }
        if let clock = change.clock, clock.millis > now + configuration.maxClockAheadMillis {
            throw .unprocessable(
                "clock_ahead",
                "change \(change.changeID) has hlc \(change.hlc), more than \(configuration.maxClockAheadMillis / 1000) s ahead of the server; adopt server_time and re-stamp",
                changeID: change.changeID, serverTime: now)
        }
    }
}
