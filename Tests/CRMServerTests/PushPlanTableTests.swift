// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Testing

@testable import CRMServer

/// One table of push cases run through `LogStore.push` on both stores.
///
/// The same steps must give the same acknowledgements, conflicts, refusals and errors on SQLite
/// and on PostgreSQL, since both run one `PushPlanner` and differ only in how they read state and
/// write the plan. On PostgreSQL the table runs twice: as `push` does it (two statements without a lock, the lock
/// only when those cannot decide) and always under the tenant's lock (`pushLocked`).
@Suite struct PushPlanTableTests {
    @Test(arguments: PushCase.table) func onSQLite(_ pushCase: PushCase) async throws {
        try await run(pushCase, on: .sqlite)
    }

    @Test(Backend.postgresRequired, arguments: PushCase.table) func onPostgreSQL(_ pushCase: PushCase) async throws {
        try await run(pushCase, on: .postgres)
    }

    @Test(Backend.postgresRequired, arguments: PushCase.table) func onPostgreSQLUnderTheLock(_ pushCase: PushCase)
        async throws
    {
        try await run(pushCase, on: .postgres, locked: true)
    }

    func run(_ pushCase: PushCase, on backend: Backend, locked: Bool = false) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        var registered: Set<String> = []
        for (index, step) in pushCase.steps.enumerated() {
            let tenant = try #require(server.tenants[step.tenant])
            let userID = try #require(try await server.store.userID(tenantID: tenant.id, name: step.role.rawValue))
            if step.registers, registered.insert("\(step.tenant)/\(step.device)").inserted {
                try await server.store.createSession(
                    SessionRecord(
                        tokenHash: UUID().uuidString, tenantID: tenant.id, userID: userID, deviceID: step.device,
                        role: step.role, createdAt: 0, expiresAt: .max),
                    deviceName: step.device)
            }
            let batch = PushBatch(
                tenantID: tenant.id, userID: userID, deviceID: step.device, role: step.role, epoch: tenant.epoch,
                changes: step.changes, now: 1_700_000_000_000)
            let result: Result<PushCase.Outcome, StoreError>
            do {
                let store = server.store
                let outcome =
                    if locked, let postgres = store as? PostgresLogStore {
                        try await postgres.pushLocked(batch)
                    } else {
                        try await store.push(batch)
                    }
                result = .success(PushCase.Outcome(outcome))
            } catch let error as StoreError {
                result = .failure(error)
            }
            #expect(result == step.expect, "\(pushCase.name), step \(index + 1) on \(backend)")
        }
        for (name, lastSeq) in pushCase.lastSeqs {
            #expect(try await server.store.tenant(named: name)?.lastSeq == lastSeq, "\(pushCase.name): \(name)")
        }
    }
}

/// One row of the table: pushes in order, each with the outcome it must get.
struct PushCase: Sendable, CustomTestStringConvertible {
    var name: String
    var steps: [Step]
    /// Each tenant's `last_seq` after the last step.
    var lastSeqs: [String: Int64]

    var testDescription: String { name }

    /// One push by one device, and what it must return.
    struct Step: Sendable {
        var tenant = "acme"
        var role = Role.manager
        var device = PushCase.deviceA
        /// Whether the device is registered (logged in) before the push.
        var registers = true
        var changes: [WireChange]
        var expect: Result<Outcome, StoreError>
    }

    /// What a push returned, conflict records reduced to kind and field.
    struct Outcome: Hashable, Sendable {
        var acceptedThrough: Int64
        var seqs: ClosedRange<Int64>?
        var conflicts: [String] = []
        var rejected: [String] = []

        init(_ acceptedThrough: Int64, _ seqs: ClosedRange<Int64>?, conflicts: [String] = [], rejected: [String] = []) {
            self.acceptedThrough = acceptedThrough
            self.seqs = seqs
            self.conflicts = conflicts
            self.rejected = rejected
        }

        init(_ outcome: PushOutcome) {
            acceptedThrough = outcome.acceptedThrough
            seqs = outcome.seqFrom.flatMap { from in outcome.seqTo.map { from...$0 } }
            conflicts = outcome.conflicts.map { "\($0.kind.rawValue):\($0.field)" }
            rejected = outcome.rejected.map { "\($0.changeID):\($0.code)" }
        }
    }

    static let deviceA = "aaaaaaaa-0000-4000-8000-00000000000a"
    static let deviceB = "bbbbbbbb-0000-4000-8000-00000000000b"
    static let start: Int64 = 1_700_000_000_000

    /// A change by `device`; its id names the case's device, seq and entity so resends match.
    static func change(
        _ device: String, _ deviceSeq: Int64, _ entityID: String = "c1", entity: String = "contact",
        op: WireOp = .set, field: String? = "name", value: JSONValue = .string("Ada"), at millis: Int64,
        base: Int64? = nil, id: String? = nil
    ) -> WireChange {
        WireChange(
            changeID: id ?? "\(device.prefix(1))-\(deviceSeq)-\(entityID)", deviceSeq: deviceSeq, txID: deviceSeq,
            hlc: HLC(millis: start + millis, counter: 0).wire(deviceID: device),
            baseHLC: base.map { HLC(millis: start + $0, counter: 0).wire(deviceID: device) }, entity: entity,
            entityID: entityID, op: op, field: field, value: value)
    }

    static let create = change(deviceA, 1, op: .create, field: nil, value: .object(["name": .string("Ada")]), at: 1)
    static let rename = change(deviceA, 2, value: .string("Ada Lovelace"), at: 2, base: 1)

    static let table: [PushCase] = [
        PushCase(
            name: "push",
            steps: [Step(changes: [create, rename], expect: .success(Outcome(2, 1...2)))], lastSeqs: ["acme": 2]),
        PushCase(
            name: "replay",
            steps: [
                Step(changes: [create], expect: .success(Outcome(1, 1...1))),
                Step(changes: [create, rename], expect: .success(Outcome(2, 2...2))),
                Step(changes: [create, rename], expect: .success(Outcome(2, nil))),
                Step(
                    changes: [create, change(deviceA, 2, value: .string("Other"), at: 2, id: rename.changeID)],
                    expect: .failure(.changeReused(changeID: rename.changeID))),
                Step(changes: [change(deviceA, 4, at: 4)], expect: .failure(.deviceSeqGap(expected: 3, got: 4))),
                Step(
                    changes: [change(deviceA, 3, at: 3, id: create.changeID)],
                    expect: .failure(.changeReused(changeID: create.changeID))),
                // A seq resent under another id than the one stored there, or an id resent at
                // another seq than its own.
                Step(
                    changes: [change(deviceA, 2, value: .string("Ada Lovelace"), at: 2, base: 1, id: "a-2-other")],
                    expect: .failure(.changeReused(changeID: "a-2-other"))),
                Step(
                    changes: [change(deviceA, 1, value: .string("Ada Lovelace"), at: 2, base: 1, id: rename.changeID)],
                    expect: .failure(.changeReused(changeID: rename.changeID))),
            ],
            lastSeqs: ["acme": 2]),
        PushCase(
            name: "another device's change resent",
            steps: [
                Step(changes: [create], expect: .success(Outcome(1, 1...1))),
                Step(device: deviceB, changes: [change(deviceB, 1, "c2", at: 3)], expect: .success(Outcome(1, 2...2))),
                // Device a's change, word for word, at a seq device b has used: not b's change.
                Step(device: deviceB, changes: [create], expect: .failure(.changeReused(changeID: create.changeID))),
            ],
            lastSeqs: ["acme": 2]),
        PushCase(
            name: "conflicts",
            steps: [
                Step(
                    changes: [create, change(deviceA, 2, field: "phone", value: .string("+1"), at: 20, base: 1)],
                    expect: .success(Outcome(2, 1...2))),
                Step(
                    device: deviceB,
                    changes: [change(deviceB, 1, field: "phone", value: .string("+2"), at: 10, base: 1)],
                    expect: .success(Outcome(1, 3...4, conflicts: ["concurrent_write:phone"]))),
                Step(
                    device: deviceB,
                    changes: [change(deviceB, 2, op: .delete, field: nil, value: .null, at: 30, base: 5)],
                    expect: .success(Outcome(2, 5...6, conflicts: ["edit_on_deleted:phone"]))),
            ],
            lastSeqs: ["acme": 6]),
        PushCase(
            name: "refusals",
            steps: [
                Step(
                    role: .agent,
                    changes: [change(deviceA, 1, "d1", entity: "deal", at: 1), change(deviceA, 2, at: 2)],
                    expect: .success(Outcome(2, 1...1, rejected: ["a-1-d1:role_forbids"]))),
                Step(
                    role: .agent, changes: [change(deviceA, 1, "d1", entity: "deal", at: 1)],
                    expect: .success(Outcome(2, nil, rejected: ["a-1-d1:role_forbids"]))),
                Step(
                    role: .agent, changes: [change(deviceA, 3, at: 3, id: "a-1-d1")],
                    expect: .failure(.changeReused(changeID: "a-1-d1"))),
            ],
            lastSeqs: ["acme": 1]),
        PushCase(
            name: "tenant isolation",
            steps: [
                Step(changes: [create, rename], expect: .success(Outcome(2, 1...2))),
                // The same device id, change ids and record in another tenant: nothing is shared.
                Step(tenant: "globex", changes: [create], expect: .success(Outcome(1, 1...1))),
                // A device of one tenant is unknown in another.
                Step(device: deviceB, changes: [change(deviceB, 1, "c2", at: 3)], expect: .success(Outcome(1, 3...3))),
                Step(
                    tenant: "globex", device: deviceB, registers: false, changes: [change(deviceB, 2, at: 4)],
                    expect: .failure(.deviceNotAllowed(deviceB))),
                Step(
                    tenant: "globex",
                    changes: [change(deviceA, 2, field: "phone", value: .string("+9"), at: 0)],
                    expect: .success(Outcome(2, 2...2))),
            ],
            lastSeqs: ["acme": 3, "globex": 2]),
    ]
}
