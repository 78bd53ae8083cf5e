// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import crm_load

/// `crm-load network` on a small day against a real crm-server on 127.0.0.1 (SQLite log): the
/// bytes the devices counted on their sockets are the bytes the relay passed to and from the
/// server, every pulled change is a teammate's edit, and the server's log holds exactly the day's
/// edits, none of them a conflict (each edit names the clock it overwrites).
@Suite struct NetworkDayTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/fixtures/salesforce-export")
    static let password = "network-test-password"

    @Test func wideRecordsCarryEveryColumnOfTheExport() throws {
        try #require(FileManager.default.fileExists(atPath: Self.fixtures.path + "/Contact.csv"))
        let records = try SalesforceRecords(directory: Self.fixtures.path)
        #expect(records.contact.fields.count == 72)
        #expect(records.deal.fields.count == 35)
        #expect(records.contact.rows.allSatisfy { $0.allSatisfy { !$0.isEmpty } })
        let values = records.values(of: records.contact, index: 0)
        #expect(values.count == 72)
        #expect(values["email"]?.stringValue == "patricia.ryan@example.com")
        #expect(values["custom.mailingcity"]?.stringValue == "Anthonyton")
        #expect(records.definitions.count == 72 - 5 + 35 - 4)
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: fixtures.path + "/Contact.csv"),
            "needs ../shared/fixtures/salesforce-export beside the clone"),
        arguments: [1, 2])
    func aSmallDayCountsTheBytesTheServerSawAndEveryEdit(syncEvery: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-network-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("server.sqlite").path
        let store = try SQLiteLogStore(path: path)
        try await store.migrate()
        let tenant = try await store.addTenant(name: "network", now: 0)
        let hash = try await PasswordHasher.hash(Self.password, cost: 4)
        _ = try await store.addUser(tenantID: tenant.id, name: "load", role: .manager, passwordHash: hash, now: 0)
        var logger = Logger(label: "crm-network-test")
        logger.logLevel = .warning
        let app = buildApplication(configuration: ServerConfiguration(port: 0), store: store, logger: logger)
        try await app.test(.live) { client in
            var plan = NetworkPlan()
            plan.port = try #require(client.port)
            plan.password = Self.password
            plan.devices = 3
            plan.records = 2
            plan.syncEvery = syncEvery
            plan.fixtures = Self.fixtures.path
            let outcome = try await NetworkDay(plan: plan, records: SalesforceRecords(directory: plan.fixtures)).run()
            try check(outcome, plan: plan)
            let logged = try await DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM changes WHERE op = 'set'") ?? -1
            }
            let conflicts = try await DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM changes WHERE op = 'conflict'") ?? -1
            }
            #expect(logged == outcome.sync.changesPushed)
            #expect(conflicts == 0)
        }
    }

    func check(_ outcome: NetworkOutcome, plan: NetworkPlan) throws {
        let sync = outcome.sync
        let edits = plan.devices * plan.records
        #expect(sync.client.sent > 0 && sync.client.received > 0)
        #expect(sync.client.sent == sync.relay.sent, "the server received other bytes than the devices sent")
        #expect(sync.client.received == sync.relay.received, "the devices read other bytes than the server sent")
        let syncs = plan.devices * ((plan.records + plan.syncEvery - 1) / plan.syncEvery)
        #expect(sync.pushes == syncs)
        #expect(sync.pulls == syncs + plan.devices)
        #expect((edits * plan.fields.lowerBound...edits * plan.fields.upperBound).contains(sync.changesPushed))
        #expect(sync.changesPulled == sync.changesPushed * (plan.devices - 1))
        #expect(sync.heads > 0 && sync.heads < sync.total)
        for legacy in [outcome.legacy, outcome.legacyGzip] {
            #expect(legacy.countsAgree)
            #expect(legacy.puts == edits)
            #expect(legacy.gets == edits * (plan.devices - 1))
        }
        // Plain legacy bodies are the records' JSON, whole: at least the smallest record per GET.
        let smallest = try #require(outcome.recordBytes.min())
        #expect(outcome.legacy.bodies.received >= outcome.legacy.gets * smallest)
        #expect(outcome.legacyGzip.total < outcome.legacy.total)
        let reduction = 1 - Double(sync.total) / Double(outcome.legacy.total)
        #expect(abs(outcome.reduction - reduction) < 1e-12)
        #expect(outcome.reduction > 0.5)
    }
}
