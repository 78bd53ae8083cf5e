// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Logging
import Testing

@testable import CRMServer

/// The mail gateway after a restart on a tenant with a long log: it reads the few registers a
/// message touches (`LogStore.mailRecords`), never the log, and decides as before.
@Suite struct MailGatewayRestartTests {
    @Test func theFirstMessageAfterARestartReadsNoLogOnSQLite() async throws {
        try await theFirstMessageAfterARestartReadsNoLog(.sqlite)
    }

    @Test(Backend.postgresRequired)
    func theFirstMessageAfterARestartReadsNoLogOnPostgreSQL() async throws {
        try await theFirstMessageAfterARestartReadsNoLog(.postgres)
    }

    /// Filler contacts a device pushes: the tenant's log is longer than any message's records.
    static let fillers = 3_000

    func theFirstMessageAfterARestartReadsNoLog(_ backend: Backend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Backend.open(try await backend.freshDatabase(in: folder))
        try await store.migrate()
        let tenant = try await store.addTenant(name: "acme", now: 1)
        var device = try await Self.Device.open(store, tenant: tenant)
        // The oldest contact with Carla's address (in other case) wins it over a newer one.
        let oldest = RecordID.make().rawValue
        try await device.push(store, [Self.contact(oldest, "Carla Old", "Carla@Customer.TEST")])
        try await device.push(store, (0..<Self.fillers).map { Self.contact(RecordID.make().rawValue, "F \($0)", nil) })
        try await device.push(store, [Self.contact(RecordID.make().rawValue, "Carla New", "carla@customer.test")])

        let question = MailGatewayStoreTests.envelope(
            "From: carla@customer.test\nSubject: Broken\nMessage-ID: <q@customer.test>\n\nIt broke.\n",
            to: ["support@acme.test"])
        let first = CountingLogStore(store)
        #expect(await Self.gateway(first).deliver(question).code == 250)

        // A restart: a new gateway, nothing in memory, answered from the store's registers.
        let restarted = CountingLogStore(store)
        let answer = MailGatewayStoreTests.envelope(
            "From: Carla@customer.test\nSubject: Re: Broken\nMessage-ID: <a@customer.test>\n"
                + "In-Reply-To: <q@customer.test>\n\nStill broken.\n", to: ["support@acme.test"])
        #expect(await Self.gateway(restarted).deliver(answer).code == 250)
        #expect(await Self.gateway(restarted).deliver(answer).code == 250, "a redelivery is seen in the registers")

        for counts in [first.counts, restarted.counts] {
            #expect(counts.pulls == 0 && counts.changesPulled == 0, "the gateway pulled the log: \(counts)")
            #expect(
                counts.registersRead < 50 * counts.mailReads, "a message reads only its records' registers: \(counts)")
        }
        #expect(restarted.counts.mailReads == 2, "one snapshot a message: \(restarted.counts)")
        let log = try await Self.tail(store, tenant: tenant, after: Int64(Self.fillers + 2))
        #expect(log.map(\.entity) == ["case", "activity", "activity"], "no new contact: \(log.map(\.entity))")
        let activities = log.filter { $0.entity == "activity" }.map { JSONValue(jsonText: $0.valueJSON) }
        #expect(activities.allSatisfy { MailGatewayStoreTests.field($0, "contact_id") == .string(oldest) })
        #expect(MailGatewayStoreTests.field(activities.last ?? nil, "case_id") == .string(log[0].entityID))
    }

    static func gateway(_ store: any LogStore) -> MailGateway {
        MailGateway(store: store, routes: ["support@acme.test": "acme"], logger: Logger(label: "test"))
    }

    /// A contact create as a device writes it.
    static func contact(_ id: String, _ name: String, _ email: String?) -> (String, JSONValue) {
        var fields: [String: JSONValue] = ["name": .string(name)]
        if let email { fields["email"] = .string(email) }
        return (id, .object(fields))
    }

    /// The tenant's log after `after`.
    static func tail(_ store: any LogStore, tenant: TenantRecord, after: Int64) async throws -> [StoredChange] {
        try await store.pull(
            PullQuery(
                tenantID: tenant.id, userID: "reader", deviceID: "reader", role: .admin, after: after, limit: 1000,
                excludeOwn: false)
        ).changes
    }

    /// A manager's device pushing creates of contacts, one push a call.
    struct Device {
        let tenant: TenantRecord
        let userID: String
        let id = RecordID.make().rawValue
        /// The device's last pushed device seq.
        private(set) var pushed: Int64 = 0

        static func open(_ store: any LogStore, tenant: TenantRecord) async throws -> Device {
            let user = try await store.addUser(
                tenantID: tenant.id, name: "mia", role: .manager, passwordHash: "!", now: 1)
            let device = Device(tenant: tenant, userID: user.id)
            try await store.createSession(
                SessionRecord(
                    tokenHash: UUID().uuidString, tenantID: tenant.id, userID: user.id, deviceID: device.id,
                    role: .manager, createdAt: 0, expiresAt: .max), deviceName: "mia's laptop")
            return device
        }

        mutating func push(_ store: any LogStore, _ contacts: [(String, JSONValue)]) async throws {
            let first = pushed + 1
            let changes = contacts.enumerated().map { index, contact in
                let seq = first + Int64(index)
                return WireChange(
                    changeID: RecordID.make().rawValue, deviceSeq: seq, txID: first,
                    hlc: HLC(millis: 1_700_000_000_000 + seq, counter: 0).wire(deviceID: id), baseHLC: nil,
                    entity: "contact", entityID: contact.0, op: .create, field: nil, value: contact.1)
            }
            let outcome = try await store.push(
                PushBatch(
                    tenantID: tenant.id, userID: userID, deviceID: id, role: .manager, epoch: tenant.epoch,
                    changes: changes, now: 1_700_000_000_000))
            #expect(outcome.rejected.isEmpty, "\(outcome.rejected)")
            pushed = outcome.acceptedThrough
        }
    }
}
