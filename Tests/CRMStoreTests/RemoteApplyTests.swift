// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

@Suite struct RemoteApplyTests {
    @Test func aCreatedRecordArrivesWholeOnTheOtherDevice() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(
            .contact, ["name": .text("Ana"), "email": .text("ana@example.com"), "tags": .tags(["vip"])])
        try relay.sync([a.store, b.store])
        let copy = try b.store.contact(id)
        #expect(copy.name == "Ana" && copy.email == "ana@example.com" && copy.tags == ["vip"])
        #expect(try b.store.search("ana").map(\.id) == [id])
        // Pulled changes are not pushed again.
        #expect(try b.store.pendingCount() == 0)
        #expect(try b.store.timeline(.contact, id: id).contains { $0.action == "create" })
    }

    @Test func differentFieldsEditedOfflineBothSurvive() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try relay.sync([a.store, b.store])
        try a.store.update(.contact, id: id, ["phone": .text("+1 555 0100")])
        try b.store.update(.contact, id: id, ["title": .text("CTO")])
        try relay.sync([a.store, b.store])
        try relay.sync([a.store, b.store])
        for test in [a, b] {
            let contact = try test.store.contact(id)
            #expect(contact.phone == "+1 555 0100" && contact.title == "CTO")
        }
    }

    @Test func sameFieldEndsWithTheLaterHLCOnBothDevices() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try relay.sync([a.store, b.store])
        try a.store.update(.contact, id: id, ["phone": .text("+1 555 0001")])
        b.advance(minutes: 5)
        try b.store.update(.contact, id: id, ["phone": .text("+1 555 0002")])
        // Pull in both orders: b first, then a.
        try relay.push(b.store)
        try relay.push(a.store)
        try relay.pull(a.store)
        try relay.pull(b.store)
        #expect(try a.store.contact(id).phone == "+1 555 0002")
        #expect(try b.store.contact(id).phone == "+1 555 0002")
    }

    @Test func deleteVersusEditResolvesTheSameEverywhere() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try relay.sync([a.store, b.store])
        try a.store.delete(.contact, id: id)
        b.advance(minutes: 1)
        try b.store.update(.contact, id: id, ["phone": .text("+1 555 0300")])
        try relay.sync([a.store, b.store])
        for test in [a, b] {
            #expect(try test.store.contacts(after: nil, limit: 10).isEmpty)
            // The edit is kept on the tombstone, so a restore brings it back.
            #expect(try test.store.fields(of: .contact, id: id)["phone"] == .text("+1 555 0300"))
        }
        try a.store.restore(.contact, id: id)
        try relay.sync([a.store, b.store])
        #expect(try b.store.contact(id).phone == "+1 555 0300")
    }

    @Test func reapplyingAPageIsANoOp() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        try a.store.create(.contact, ["name": .text("Once")])
        try relay.push(a.store)
        try relay.pull(b.store)
        let before = try b.store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM contacts") }
        let replay = relay.log.compactMap { entry in
            RemoteChange(
                seq: entry.seq, changeID: entry.change.changeID, entity: entry.change.kind,
                entityID: entry.change.entityID,
                op: entry.change.op, field: entry.change.field, valueJSON: entry.change.valueJSON,
                hlc: entry.change.hlc,
                deviceID: entry.change.deviceID)
        }
        let stats = try b.store.applyRemote(replay, conflicts: [], cursor: Int64(relay.log.count))
        #expect(stats.applied == 0 && stats.created == 0)
        let after = try b.store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM contacts") }
        #expect(before.map { $0["name"] as String } == after.map { $0["name"] as String })
        #expect(try b.store.count(.contact) == 1)
    }

    @Test func pullRaisesTheLocalClockAboveRemoteHLCs() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        a.advance(minutes: 60)  // a's clock runs an hour ahead
        let id = try a.store.create(.contact, ["name": .text("Ahead")])
        try relay.sync([a.store, b.store])
        try b.store.update(.contact, id: id, ["name": .text("Edited after")])
        try relay.sync([a.store, b.store])
        // b's later edit must win even though b's wall clock is behind a's stamp.
        #expect(try a.store.contact(id).name == "Edited after")
    }

    @Test func pushesAreCutAtTransactionBoundariesAndLargeTransactionsBetweenRecords() throws {
        let a = try TestStore()
        let seeded = try a.store.pendingChanges(limit: 100_000)
        try a.store.acknowledge(through: seeded.last?.deviceSeq ?? 0)
        let small = try a.store.create(.contact, ["name": .text("Small")])
        try a.store.write { recorder in
            for index in 0..<3 { try recorder.create(.contact, id: .make(), ["name": .text("P\(index)")]) }
        }
        // Whole transactions when they fit: the first push stops before the three-record one.
        #expect(try a.store.pendingChanges(limit: 3).map(\.entityID) == [small.rawValue])
        try a.store.acknowledge(through: try a.store.pendingChanges(limit: 1)[0].deviceSeq)
        // A transaction larger than a push is cut between its records, never wedging the queue.
        let first = try a.store.pendingChanges(limit: 2)
        #expect(first.count == 2 && Set(first.map(\.txID)).count == 1)
        try a.store.acknowledge(through: first[1].deviceSeq)
        #expect(try a.store.pendingChanges(limit: 2).count == 1)
        // One record's changes stay together when they fit, even inside a large transaction.
        let edited = try a.store.create(.contact, ["name": .text("Edited")])
        try a.store.acknowledge(through: try a.store.pendingChanges(limit: 100).last?.deviceSeq ?? 0)
        try a.store.write { recorder in
            try recorder.update(.contact, id: edited, ["title": .text("CTO"), "phone": .text("+1 555 0100")])
            try recorder.create(.contact, id: .make(), ["name": .text("Other")])
        }
        let cut = try a.store.pendingChanges(limit: 2)
        #expect(cut.count == 2 && cut.allSatisfy { $0.entityID == edited.rawValue })
        // And by bytes: a large value goes alone.
        try a.store.acknowledge(through: try a.store.pendingChanges(limit: 100).last?.deviceSeq ?? 0)
        let big = String(repeating: "n", count: 700_000)
        try a.store.write { recorder in
            for index in 0..<2 {
                try recorder.create(.contact, id: .make(), ["name": .text("Big \(index)"), "notes": .text(big)])
            }
        }
        #expect(try a.store.pendingChanges(limit: 100, maxBytes: 1 << 20).count == 1)
    }

    @Test(arguments: 1...12)
    func randomizedDevicesConverge(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let devices = try (0..<(3 + Int(seed % 3))).map { _ in try TestStore() }
        let relay = SyncHarness()
        var ids: [RecordID] = []
        for step in 0..<60 {
            let device = devices[Int(random.next() % UInt64(devices.count))]
            device.advance(minutes: Int64(random.next() % 3))
            let action = random.next() % 10
            if ids.isEmpty || action < 3 {
                ids.append(try device.store.create(.contact, ["name": .text("C\(step)")]))
            } else if let id = ids.randomElement(using: &random),
                (try? device.store.fields(of: .contact, id: id)) != nil
            {
                switch action {
                case 3...6:
                    try device.store.update(
                        .contact, id: id, ["title": .text("T\(step)"), "phone": .text("+1 555 \(1000 + step)")])
                case 7: try device.store.delete(.contact, id: id)
                case 8: try device.store.restore(.contact, id: id)
                default: try device.store.update(.contact, id: id, ["name": .text("N\(step)")])
                }
            }
            if random.next() % 4 == 0 {
                let chosen = devices[Int(random.next() % UInt64(devices.count))]
                try random.next() % 2 == 0 ? relay.push(chosen.store) : relay.pull(chosen.store)
            }
        }
        try relay.sync(devices.map(\.store))
        let states = try devices.map { device in
            try device.store.read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, title, phone, deleted FROM contacts ORDER BY id").map {
                    row in
                    "\(row["id"] as String)|\(row["name"] as String)|\(row["title"] as String? ?? "")|\(row["phone"] as String? ?? "")|\(row["deleted"] as Int)"
                }
            }
        }
        for state in states.dropFirst() { #expect(state == states[0], "seed \(seed) diverged") }
        #expect(states[0].count == ids.count, "seed \(seed): every created record on every device")
    }
}
