// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

/// SYNC.md 2 scenario 15: tenant A's token never reads or writes tenant B.
@Suite struct TenantIsolationTests {
    @Test(arguments: [false, true])
    func tenantAsTokenCannotReachTenantBOnSQLite(live: Bool) async throws {
        try await tenantAsTokenCannotReachTenantB(backend: .sqlite, live: live)
    }
    @Test(Backend.postgresRequired, arguments: [false, true])
    func tenantAsTokenCannotReachTenantBOnPostgreSQL(live: Bool) async throws {
        try await tenantAsTokenCannotReachTenantB(backend: .postgres, live: live)
    }

    func tenantAsTokenCannotReachTenantB(backend: Backend, live: Bool) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(live ? .live : .router) { client in
            let bDevice = try await client.login(tenant: "globex", user: "manager")
            let secret = "Globex secret \(UUID())"
            let bContact = newID()
            let bChange = bDevice.change(entityID: bContact, field: "notes", value: .string(secret), seq: 1)
            #expect(try await client.push(bDevice, bDevice.push([bChange])).status == .ok)
            let bBefore = try await client.pullAll(bDevice)

            let aDevice = try await client.login(tenant: "acme", user: "admin")
            // Pull from every cursor: nothing of B, ever.
            for after in [Int64(0), 1] {
                let response = try await client.pull(aDevice, after: after)
                let text = String(buffer: response.body)
                #expect(!text.contains(secret) && !text.contains(bContact) && !text.contains(bChange.changeID))
            }
            // Push as B's device: refused.
            var asB = aDevice.push([aDevice.change(entityID: bContact, seq: 1)])
            asB.deviceID = bDevice.id
            #expect(try await client.push(aDevice, asB).status == .forbidden)
            // Push naming B's entity id and B's epoch: lands in A only, or is refused; B unchanged.
            let sameID = aDevice.change(entityID: bContact, field: "notes", value: .string("overwritten"), seq: 1)
            _ = try await client.push(aDevice, aDevice.push([sameID]))
            _ = try await client.push(aDevice, aDevice.push([sameID], epoch: bDevice.session.epoch))
            // Login as B's device from tenant A: refused or separate; B's log stays identical.
            #expect(try await client.pullAll(bDevice) == bBefore)
            #expect(try await server.store.tenant(named: "globex")?.lastSeq == 1)
            let aLog = try await client.pullAll(aDevice)
            #expect(aLog.allSatisfy { $0.userID == aDevice.session.userID })
        }
    }
}
