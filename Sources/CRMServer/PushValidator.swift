// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// The stateless checks of a push: protocol, limits, device, tenant field, schema, clock.
///
/// Runs before the store transaction; the first failure of the request's shape refuses the whole
/// request, so nothing of a malformed push is ever stored. A well-formed change whose value the
/// schema refuses is refused alone (returned, then kept out of the log by the store), and so is
/// a change the role may not write (decided in the store, which knows a case's activities):
/// neither may block the device's queue (SYNC.md scenario 19).
struct PushValidator {
    let configuration: ServerConfiguration
    let identity: SessionIdentity
    let now: Int64

    @discardableResult
    func validate(_ body: PushRequest) throws(ServerError) -> [String: RejectedChange] {
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
        var refused: [String: RejectedChange] = [:]
        for change in body.changes {
            if let refusal = try validate(change) { refused[change.changeID] = refusal }
        }
        var seen = Set<String>()
        for change in body.changes where !seen.insert(change.changeID).inserted {
            throw .unprocessable(
                "invalid_batch", "change \(change.changeID) appears twice in one push; send each change once",
                changeID: change.changeID)
        }
        return refused
    }

    /// Throws for a malformed change; returns the refusal of a well-formed one whose value the
    /// schema does not accept.
    func validate(_ change: WireChange) throws(ServerError) -> RejectedChange? {
        var refusal: RejectedChange?
        do {
            try ChangeValidator.validate(change)
        } catch .invalidValue(let id, let entity, let field, let reason) {
            refusal = RejectedChange(
                changeID: id, code: "invalid_value", message: "invalid value for \(entity).\(field): \(reason)")
        } catch {
            throw .validation(error)
        }
        if let device = change.deviceID, device.lowercased() != identity.deviceID {
            throw .forbidden("device_not_allowed", "change \(change.changeID) names another device")
        }
        if let clock = change.clock, clock.millis > now + configuration.maxClockAheadMillis {
            throw .unprocessable(
                "clock_ahead",
                "change \(change.changeID) has hlc \(change.hlc), more than \(configuration.maxClockAheadMillis / 1000) s ahead of the server; adopt server_time and re-stamp",
                changeID: change.changeID, serverTime: now)
        }
        return refusal
    }
}
