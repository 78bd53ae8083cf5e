// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Testing

@testable import CRMServer

/// Every push keeps the clock of its device's newest change on the device's row
/// (`devices.last_hlc`), which the mail gateway reads to order its own writes after its earlier
/// ones (`MailRecords.deviceHLC`): the log has no index by device to find that change.
@Suite struct DeviceClockTests {
    @Test func eachPushKeepsItsDevicesLastClockOnSQLite() async throws {
        try await eachPushKeepsItsDevicesLastClock(.sqlite)
    }

    @Test(Backend.postgresRequired)
    func eachPushKeepsItsDevicesLastClockOnPostgreSQL() async throws {
        try await eachPushKeepsItsDevicesLastClock(.postgres)
    }

    /// A push's last change sets the clock, a later one moves it on; another device's push (with
    /// the conflict record its losing write causes) and a push whose every change is refused leave
    /// it; a device that never pushed has none.
    func eachPushKeepsItsDevicesLastClock(_ backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let tenant = try #require(server.tenants["acme"])
        let (a, b) = (PushCase.deviceA, PushCase.deviceB)
        let agent = try #require(try await server.store.userID(tenantID: tenant.id, name: Role.agent.rawValue))
        for device in [a, b, "never-pushed"] {
            try await server.store.createSession(
                SessionRecord(
                    tokenHash: UUID().uuidString, tenantID: tenant.id, userID: agent, deviceID: device, role: .agent,
                    createdAt: 0, expiresAt: .max),
                deviceName: device)
        }
        func push(_ device: String, _ changes: [WireChange]) async throws -> PushOutcome {
            try await server.store.push(
                PushBatch(
                    tenantID: tenant.id, userID: agent, deviceID: device, role: .agent, epoch: tenant.epoch,
                    changes: changes, now: 1_700_000_000_000))
        }
        func clock(_ device: String) async throws -> HLC? {
            try await server.store.mailRecords(
                MailRecordsQuery(tenantID: tenant.id, deviceID: device, emails: [], messageIDs: [], activityIDs: [])
            ).deviceHLC
        }
        func at(_ millis: Int64) -> HLC { HLC(millis: PushCase.start + millis, counter: 0) }

        let create = PushCase.change(a, 1, op: .create, field: nil, value: .object(["name": .string("Ada")]), at: 1)
        let phone = PushCase.change(a, 2, field: "phone", value: .string("+1"), at: 20, base: 1)
        _ = try await push(a, [create, phone])
        #expect(try await clock(a) == at(20))

        // b's older concurrent write loses, and its push appends a conflict record after it.
        let outcome = try await push(b, [PushCase.change(b, 1, field: "phone", value: .string("+2"), at: 10, base: 1)])
        #expect(outcome.conflicts.count == 1)
        #expect(try await clock(b) == at(10))
        #expect(try await clock(a) == at(20))

        _ = try await push(a, [PushCase.change(a, 3, field: "phone", value: .string("+3"), at: 40, base: 20)])
        #expect(try await clock(a) == at(40))

        // An agent may not touch deals: every change of this push is refused.
        let refused = try await push(a, [PushCase.change(a, 4, "d1", entity: "deal", at: 50)])
        #expect(refused.rejected.count == 1)
        #expect(try await clock(a) == at(40))

        #expect(try await clock("never-pushed") == nil)
    }
}
