// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMMail
import CRMSync
import Foundation

/// The mail gateway's seat in one tenant: a server-owned user (`mail-gateway`, role agent) with
/// one device, which reads the records a message touches (`LogStore.mailRecords`) and pushes its
/// writes through the same `LogStore.push` (and so the same `PushPlanner`) as every device.
///
/// Pushing as a device is what makes the gateway's cases reach every device on its next
/// `crm sync`, conflict-resolved and acknowledged like anyone else's changes; the user is never
/// given a session that works (its one session expires as it is made).
struct MailGatewayWriter {
    static let userName = "mail-gateway"

    let tenantID: String
    let userID: String
    let deviceID: String
    private var lastDeviceSeq: Int64 = 0
    private var lastHLC = HLC.zero

    /// Finds or creates the tenant's gateway user and device, and learns the device's position.
    static func open(tenant: TenantRecord, store: any LogStore, now: Int64) async throws -> MailGatewayWriter {
        let userID: String
        if let existing = try await store.userID(tenantID: tenant.id, name: userName) {
            userID = existing
        } else {
            // A hash no password verifies against: the gateway user never logs in.
            userID = try await store.addUser(
                tenantID: tenant.id, name: userName, role: .agent, passwordHash: "!mail-gateway", now: now
            ).id
        }
        let deviceID = RecordID.stable(namespace: "crm-mail-gateway/device", name: tenant.id).rawValue
        let token = RecordID.make().rawValue + RecordID.make().rawValue
        try await store.createSession(
            SessionRecord(
                tokenHash: token, tenantID: tenant.id, userID: userID, deviceID: deviceID, role: .agent,
                createdAt: now, expiresAt: now), deviceName: "mail gateway")
        var writer = MailGatewayWriter(tenantID: tenant.id, userID: userID, deviceID: deviceID)
        let outcome = try await store.push(
            PushBatch(
                tenantID: tenant.id, userID: userID, deviceID: deviceID, role: .agent, epoch: nil, changes: [],
                now: now))
        writer.lastDeviceSeq = outcome.acceptedThrough
        return writer
    }

    /// The records deciding `message` needs (`MailGatewayPlanner.query`), as the store holds them
    /// now: a few indexed reads of the current registers, never the log, so the first message
    /// after a start costs what any other does.
    func state(for message: MailMessage, raw: [UInt8], envelopeSender: String, store: any LogStore) async throws
        -> MailGatewayState
    {
        let query = MailGatewayPlanner.query(
            message, raw: raw, envelopeSender: envelopeSender, tenantID: tenantID, deviceID: deviceID)
        return MailGatewayState(try await store.mailRecords(query))
    }

    /// Pushes `writes`, decided from `state`, as one transaction.
    ///
    /// Throws `MailGatewayError.refused` when the store refuses any of them. Change ids derive
    /// from `key` (the Message-ID), so a repeat is refused as a reused change and never stored twice.
    mutating func push(
        _ writes: [MailGatewayPlanner.Write], key: String, state: MailGatewayState, store: any LogStore, now: Int64
    ) async throws {
        var changes: [WireChange] = []
        let txID = lastDeviceSeq + 1
        for write in writes {
            for (name, value) in write.fields { try write.kind.field(name)?.validate(value) }
            if write.create {
                changes.append(
                    change(
                        write, field: nil, value: object(write.fields), base: nil, after: state.maxHLC, key: key,
                        now: now,
                        index: changes.count, txID: txID))
                continue
            }
            for (name, value) in write.fields.sorted(by: { $0.key < $1.key }) {
                let base = state.register(write.kind, write.id.rawValue, name)?.hlc
                changes.append(
                    change(
                        write, field: name, value: value.jsonValue, base: base, after: state.maxHLC, key: key, now: now,
                        index: changes.count, txID: txID))
            }
        }
        let outcome = try await store.push(
            PushBatch(
                tenantID: tenantID, userID: userID, deviceID: deviceID, role: .agent, epoch: state.epoch,
                changes: changes, now: now))
        lastDeviceSeq = outcome.acceptedThrough
        if let refusal = outcome.rejected.first {
            throw MailGatewayError.refused("\(refusal.code): \(refusal.message)")
        }
    }

    private mutating func change(
        _ write: MailGatewayPlanner.Write, field: String?, value: JSONValue, base: String?, after read: HLC,
        key: String, now: Int64, index: Int, txID: Int64
    ) -> WireChange {
        lastHLC = max(HLC(millis: now, counter: 0), HLC(rawValue: max(lastHLC, read).rawValue + 1))
        let changeID = RecordID.stable(namespace: "crm-mail-gateway/\(tenantID)/change", name: "\(key)#\(index)")
        return WireChange(
            changeID: changeID.rawValue, deviceSeq: lastDeviceSeq + 1 + Int64(index), txID: txID,
            hlc: lastHLC.wire(deviceID: deviceID), baseHLC: base, entity: write.kind.rawValue,
            entityID: write.id.rawValue, op: write.create ? .create : .set, field: field, value: value)
    }

    /// A create's value: its non-null fields, as a device's recorder writes it.
    private func object(_ fields: [String: FieldValue]) -> JSONValue {
        .object(fields.filter { $0.value != .null }.mapValues(\.jsonValue))
    }
}

/// Why the gateway could not take a message in; the SMTP reply carries it to the sending server.
enum MailGatewayError: Error, CustomStringConvertible {
    case refused(String)
    /// Another server instance pushed as the gateway's device meanwhile; retried after re-reading.
    case deviceMoved

    var description: String {
        switch self {
        case .refused(let reason): "the change log refused the message's records (\(reason))"
        case .deviceMoved: "another crm-server instance wrote as the mail gateway at the same time"
        }
    }
}
