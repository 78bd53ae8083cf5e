// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// What the mail gateway asks a store for one message (`LogStore.mailRecords`): the records the
/// message can touch, found by the indexes of migration 4, so no message reads the tenant's log.
public struct MailRecordsQuery: Hashable, Sendable {
    public var tenantID: String
    /// The gateway's device: its last change's HLC is read, so its writes never go back in time
    /// across a restart.
    public var deviceID: String
    /// Addresses whose contacts are read: a sender, or the failed addresses of a bounce.
    ///
    /// Matched ignoring the case of ASCII letters, as a device's import matches (`COLLATE NOCASE`).
    public var emails: [String]
    /// Message-IDs whose activities are read (the message's own, and the ids of its thread).
    public var messageIDs: [String]
    /// Activities read by id (derived from the Message-ID, or an outbox id `ACTIVITY-ID@domain`).
    public var activityIDs: [String]

    public init(tenantID: String, deviceID: String, emails: [String], messageIDs: [String], activityIDs: [String]) {
        self.tenantID = tenantID
        self.deviceID = deviceID
        self.emails = emails
        self.messageIDs = messageIDs
        self.activityIDs = activityIDs
    }
}

/// The answer to a `MailRecordsQuery`, read in one snapshot: the tenant's epoch, the current
/// registers (`field_state` rows) of the records the query reaches, and the gateway device's last HLC.
public struct MailRecords: Hashable, Sendable {
    public var epoch: String
    /// Registers of the contacts, activities (only `_deleted`, `case_id`, `message_id`), those
    /// activities' cases, every SLA policy, and the calendars the cases and policies name.
    public var registers: [StoredRegister]
    /// The HLC of the gateway device's last stored change, or nil before its first.
    public var deviceHLC: HLC?

    public init(epoch: String, registers: [StoredRegister], deviceHLC: HLC?) {
        self.epoch = epoch
        self.registers = registers
        self.deviceHLC = deviceHLC
    }
}

/// One `field_state` row: a register's current value, who wrote it, and the seq that did.
public struct StoredRegister: Hashable, Sendable {
    public var entity: String
    public var entityID: String
    public var field: String
    /// The value as stored: JSON text.
    public var valueJSON: String
    public var hlc: HLC
    public var deviceID: String
    public var seq: Int64

    public init(
        entity: String, entityID: String, field: String, valueJSON: String, hlc: HLC, deviceID: String, seq: Int64
    ) {
        self.entity = entity
        self.entityID = entityID
        self.field = field
        self.valueJSON = valueJSON
        self.hlc = hlc
        self.deviceID = deviceID
        self.seq = seq
    }
}
