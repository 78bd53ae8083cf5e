// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Logging
import Testing

@testable import CRMServer

/// The mail gateway on each log store, without SMTP: what a delivered message writes into which
/// tenant's log (the SMTP listener and real devices are in crmTests' MailGatewayTests).
@Suite struct MailGatewayStoreTests {
    @Test func messagesBecomeOneCaseEachPerTenantAndAnswersThreadOnSQLite() async throws {
        try await messagesBecomeOneCaseEachPerTenantAndAnswersThread(.sqlite)
    }

    @Test(Backend.postgresRequired)
    func messagesBecomeOneCaseEachPerTenantAndAnswersThreadOnPostgreSQL() async throws {
        try await messagesBecomeOneCaseEachPerTenantAndAnswersThread(.postgres)
    }

    @Test func twoInstancesWritingAsTheGatewayLoseNoMessageOnSQLite() async throws {
        try await twoInstancesWritingAsTheGatewayLoseNoMessage(.sqlite)
    }

    @Test(Backend.postgresRequired)
    func twoInstancesWritingAsTheGatewayLoseNoMessageOnPostgreSQL() async throws {
        try await twoInstancesWritingAsTheGatewayLoseNoMessage(.postgres)
    }

    /// Two crm-server instances on one database share the tenant's gateway device: each must
    /// notice the other moved its seqs on, and neither may take a message as already stored.
    func twoInstancesWritingAsTheGatewayLoseNoMessage(_ backend: Backend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Backend.open(try await backend.freshDatabase(in: folder))
        try await store.migrate()
        _ = try await store.addTenant(name: "acme", now: 1)
        let instances = (0..<2).map { _ in
            MailGateway(store: store, routes: ["support@acme.test": "acme"], logger: Logger(label: "test"))
        }
        for (number, gateway) in [0, 1, 0, 1, 0].map({ instances[$0] }).enumerated() {
            let mail = Self.envelope(
                "From: c\(number)@customer.test\nSubject: n\(number)\nMessage-ID: <n\(number)@customer.test>\n\nhi\n",
                to: ["support@acme.test"])
            let reply = await gateway.deliver(mail)
            #expect(reply.code == 250, "message \(number): \(reply)")
        }
        let cases = try await Self.log(store, tenant: "acme").filter { $0.entity == "case" }
        #expect(cases.count == 5, "one case per message, none lost")
    }

    static func envelope(_ text: String, to recipients: [String]) -> SMTPEnvelope {
        SMTPEnvelope(
            clientName: "mx.test", sender: "carla@customer.test", recipients: recipients,
            data: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    /// One field of a create's value object.
    static func field(_ value: JSONValue?, _ name: String) -> JSONValue? {
        guard case .object(let fields) = value else { return nil }
        return fields[name]
    }

    /// The tenant's whole log.
    static func log(_ store: any LogStore, tenant: String) async throws -> [StoredChange] {
        guard let record = try await store.tenant(named: tenant) else { return [] }
        return try await store.pull(
            PullQuery(
                tenantID: record.id, userID: "reader", deviceID: "reader", role: .admin, after: 0, limit: 1000,
                excludeOwn: false)
        ).changes
    }

    func messagesBecomeOneCaseEachPerTenantAndAnswersThread(_ backend: Backend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Backend.open(try await backend.freshDatabase(in: folder))
        try await store.migrate()
        for name in ["acme", "globex"] { _ = try await store.addTenant(name: name, now: 1) }
        let gateway = MailGateway(
            store: store,
            routes: ["support@acme.test": "acme", "help@globex.test": "globex", "lost@acme.test": "nope"],
            logger: Logger(label: "test"))
        #expect(gateway.accepts(recipient: "Support@ACME.test") && !gateway.accepts(recipient: "x@acme.test"))
        let question = Self.envelope(
            "From: Carla <carla@customer.test>\nSubject: Broken\nMessage-ID: <q@customer.test>\n\nIt broke.\n",
            to: ["support@acme.test", "help@globex.test"])
        #expect(await gateway.deliver(question).code == 250)
        #expect(await gateway.deliver(question).code == 250, "a redelivery is accepted and ignored")

        var caseIDs: [String] = []
        for tenant in ["acme", "globex"] {
            let log = try await Self.log(store, tenant: tenant)
            #expect(log.map(\.entity) == ["contact", "case", "activity"], "\(tenant): \(log.map(\.entity))")
            #expect(log.allSatisfy { $0.op == .create })
            let activity = log.last.flatMap { JSONValue(jsonText: $0.valueJSON) }
            #expect(Self.field(activity, "message_id") == .string("q@customer.test"))
            #expect(Self.field(activity, "subject") == .string("From customer: Broken"))
            caseIDs.append(log[1].entityID)
        }
        #expect(caseIDs[0] != caseIDs[1], "each tenant's records have their own ids")

        let answer = Self.envelope(
            "From: carla@customer.test\nSubject: Re: Broken\nMessage-ID: <a@customer.test>\n"
                + "In-Reply-To: <q@customer.test>\n\nStill broken.\n", to: ["support@acme.test"])
        #expect(await gateway.deliver(answer).code == 250)
        let acme = try await Self.log(store, tenant: "acme")
        #expect(acme.count == 4)
        let reply = acme.last.flatMap { JSONValue(jsonText: $0.valueJSON) }
        #expect(Self.field(reply, "case_id") == .string(caseIDs[0]), "the answer lands on the case of its thread")

        let lost = await gateway.deliver(Self.envelope("From: a@b.test\nSubject: x\n\nx\n", to: ["lost@acme.test"]))
        #expect(lost.code == 554 && lost.text.contains("tenant 'nope'"), "\(lost)")
    }
}
