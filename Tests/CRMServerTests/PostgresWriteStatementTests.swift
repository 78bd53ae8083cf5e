// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Testing

@testable import CRMServer

/// The push's prepared write: its fixed text matches `PushRows`, and a batch with NULL columns
/// and more values than one statement could bind as parameters (the old multi-row `VALUES` fell
/// back to chunks past 65,535) is stored whole and read back equal, on both stores.
@Suite struct PostgresWriteStatementTests {
    @Test func columnTypesCoverEveryColumnOfPushRows() {
        #expect(PushRows.tables.count == PostgresWriteStatement.columnTypes.count)
        for (table, types) in zip(PushRows.tables, PostgresWriteStatement.columnTypes) {
            let columns = table.head.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }.split(separator: ",")
            #expect(columns.count == types.count, "\(table.head)")
        }
        let parameters = PostgresWriteStatement.columnTypes.reduce(5) { $0 + $1.count }
        #expect(PostgresWriteStatement.sql.contains("$\(parameters)"))
        #expect(!PostgresWriteStatement.sql.contains("$\(parameters + 1)"))
    }

    @Test func aLargeBatchWithNullsOnSQLite() async throws {
        try await largeBatch(on: .sqlite)
    }

    @Test(Backend.postgresRequired) func aLargeBatchWithNullsOnPostgreSQL() async throws {
        try await largeBatch(on: .postgres)
    }

    /// 4,000 changes, every other a create (no field, no base clock): 72,000 column values.
    func largeBatch(on backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let tenant = try #require(server.tenants["acme"])
        let userID = try #require(try await server.store.userID(tenantID: tenant.id, name: "manager"))
        let device = PushCase.deviceA
        try await server.store.createSession(
            SessionRecord(
                tokenHash: UUID().uuidString, tenantID: tenant.id, userID: userID, deviceID: device, role: .manager,
                createdAt: 0, expiresAt: .max),
            deviceName: device)
        let changes: [WireChange] = (1...4_000).map { index in change(index, device: device) }
        let outcome = try await server.store.push(
            PushBatch(
                tenantID: tenant.id, userID: userID, deviceID: device, role: .manager, epoch: tenant.epoch,
                changes: changes, now: PushCase.start))
        #expect(outcome.acceptedThrough == 4_000)
        #expect(outcome.seqFrom == 1 && outcome.seqTo == 4_000)
        #expect(try await server.store.tenant(named: "acme")?.lastSeq == 4_000)
        let stored = try await log(of: server.store, tenantID: tenant.id)
        #expect(stored.count == changes.count)
        #expect(stored.map(\.wireChange.changeID) == changes.map(\.changeID))
        #expect(stored.map(\.baseHLC) == changes.map(\.baseHLC))
        #expect(stored.map(\.field) == changes.map(\.field))
        #expect(stored.map(\.hlc) == changes.map(\.hlc))
        #expect(stored.map { JSONValue(jsonText: $0.valueJSON) } == changes.map(\.value))
    }

    /// Change `index`: odd ones create record `c<index>` (no field, no base clock), even ones
    /// rename the record created just before.
    func change(_ index: Int, device: String) -> WireChange {
        let seq = Int64(index)
        guard index.isMultiple(of: 2) else {
            let value = JSONValue.object(["name": .string("n\(index)")])
            return PushCase.change(device, seq, "c\(index)", op: .create, field: nil, value: value, at: seq)
        }
        return PushCase.change(device, seq, "c\(index - 1)", value: .string("name \(index)"), at: seq, base: seq - 1)
    }

    /// The tenant's whole log, in seq order, in pages of 1,000.
    func log(of store: any LogStore, tenantID: String) async throws -> [StoredChange] {
        var all: [StoredChange] = []
        var after: Int64 = 0
        for _ in 0..<100 {
            let page = try await store.pull(
                PullQuery(
                    tenantID: tenantID, userID: "reader", deviceID: "reader", role: .manager, after: after,
                    limit: 1_000, excludeOwn: false))
            all += page.changes
            after = page.nextAfter
            if !page.hasMore { break }
        }
        return all
    }
}
