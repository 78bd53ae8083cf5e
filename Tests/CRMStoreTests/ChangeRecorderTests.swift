// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

@Suite struct ChangeRecorderTests {
    @Test func createAppendsOneEntryCarryingTheInitialFields() throws {
        let test = try TestStore()
        let before = try test.logCount()
        let id = try test.store.create(.contact, ["name": .text("Ana Lima"), "email": .text("ana@example.com")])
        let rows = try test.log(entity: id)
        #expect(rows.count == 1)
        #expect(rows[0]["op"] as String == "create")
        #expect(rows[0]["field"] as String? == nil)
        #expect(
            rows[0]["value"] as String
                == #"{"name":"Ana Lima","email":"ana@example.com","created_at":\#(test.now)}"#)
        #expect(try test.logCount() == before + 1)
        // A two-record transaction shares one tx_id and has contiguous sequence numbers.
        try test.store.write { recorder in
            try recorder.create(.company, id: .make(), ["name": .text("Acme")])
            try recorder.create(.contact, id: .make(), ["name": .text("Bo")])
        }
        let last = try test.store.read { db in
            try Row.fetchAll(db, sql: "SELECT device_seq, tx_id FROM change_log ORDER BY device_seq DESC LIMIT 2")
        }
        #expect(last.map { $0["tx_id"] as Int64 } == [last[1]["device_seq"], last[1]["device_seq"]])
        #expect((last[0]["device_seq"] as Int64) == (last[1]["device_seq"] as Int64) + 1)
    }

    @Test func editRecordsOnlyChangedFieldsWithBaseHLC() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("Ana"), "phone": .text("+1 555 0100")])
        let created = try test.log(entity: id)[0]["hlc"] as Int64
        test.advance(minutes: 1)
        #expect(try test.store.update(.contact, id: id, ["name": .text("Ana"), "phone": .text("+1 555 0199")]))
        let last = try #require(try test.log(entity: id).last)
        #expect(last["op"] as String == "set")
        #expect(last["field"] as String == "phone")
        #expect(last["value"] as String == "\"+1 555 0199\"")
        #expect(last["base_hlc"] as Int64 == created)
        #expect(try !test.store.update(.contact, id: id, ["name": .text("Ana")]))
        // A second edit's base is the first edit's HLC.
        test.advance(minutes: 1)
        try test.store.update(.contact, id: id, ["phone": .text("+1 555 0200")])
        let rows = try test.log(entity: id)
        #expect(rows.last?["base_hlc"] as Int64? == last["hlc"] as Int64)
    }

    @Test func deleteAndRestoreAreLoggedAndHideFromSearch() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("Quentin Blake")])
        #expect(try test.store.search("quentin").count == 1)
        try test.store.delete(.contact, id: id)
        #expect(try test.store.search("quentin").isEmpty)
        #expect(try test.store.contacts(after: nil, limit: 10).isEmpty)
        try test.store.restore(.contact, id: id)
        #expect(try test.store.search("quentin").count == 1)
        #expect(try test.log(entity: id).suffix(2).map { $0["op"] as String } == ["delete", "restore"])
    }

    @Test func failedWriteLeavesNeitherDataNorLog() throws {
        let test = try TestStore()
        let before = try test.logCount()
        let clockBefore = try test.store.read { db in try Row.fetchOne(db, sql: "SELECT * FROM clock") }
        #expect(throws: StoreError.self) {
            try test.store.write { recorder in
                try recorder.create(.contact, id: .make(), ["name": .text("Kept?")])
                try recorder.create(.contact, id: .make(), ["name": .text("Bad"), "email": .text("not-an-email")])
            }
        }
        #expect(try test.logCount() == before)
        #expect(try test.store.count(.contact) == 0)
        #expect(try test.store.search("kept").isEmpty)
        #expect(try test.store.read { db in try Row.fetchOne(db, sql: "SELECT * FROM clock") } == clockBefore)
    }

    @Test func unknownFieldAndMissingRequiredAreRefused() throws {
        let test = try TestStore()
        #expect(throws: StoreError.unknownField(kind: .contact, field: "shoe_size")) {
            try test.store.create(.contact, ["name": .text("A"), "shoe_size": .integer(42)])
        }
        #expect(throws: StoreError.missingRequired(kind: .contact, field: "name")) {
            try test.store.create(.contact, ["email": .text("a@b.co")])
        }
    }

    @Test func stageMoveAndCaseStatusAreLogged() throws {
        let test = try TestStore()
        let stages = try test.store.stages()
        let deal = try test.store.addDeal([
            "title": .text("Rollout"), "amount": .money(try Money(parsing: "10", currency: "EUR")),
        ])
        try test.store.moveDeal(deal, to: stages[2].id)
        let history = try test.store.stageHistory(deal)
        #expect(history.map(\.toStageID) == [stages[0].id, stages[2].id])
        #expect(
            try test.log(entity: deal).contains { $0["field"] as String? == "stage_id" && $0["op"] as String == "set" })
        let item = try test.store.openCase(["subject": .text("Printer"), "priority": .text("urgent")])
        try test.store.setCaseStatus(item, .pending)
        #expect(
            try test.log(entity: item).contains {
                $0["field"] as String? == "status" && ($0["value"] as String).contains("pending")
            })
    }

    @Test func clockHighWaterMarkIsPersistedWithTheWrite() throws {
        let test = try TestStore()
        try test.store.create(.contact, ["name": .text("A")])
        let (last, maxLogged) = try test.store.read { db in
            (
                try Int64.fetchOne(db, sql: "SELECT last_hlc FROM clock") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT MAX(hlc) FROM change_log") ?? -1
            )
        }
        #expect(last == maxLogged)
        // Wall clock set back a day: the next HLC is still above the persisted one.
        test.now -= 86_400_000
        try test.store.create(.contact, ["name": .text("B")])
        let newest = try test.store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(hlc) FROM change_log") ?? 0 }
        #expect(newest > last)
    }

    @Test func pendingCountAgreesWithCountingTheLog() throws {
        let test = try TestStore()
        #expect(try test.store.pendingCount() == 0)
        for name in ["A", "B", "C"] { try test.store.create(.contact, ["name": .text(name)]) }
        let counted = { (acked: Int64) in
            try test.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log WHERE device_seq > ?", arguments: [acked])
                    ?? 0
            }
        }
        #expect(try test.store.pendingCount() == counted(0))
        try test.store.acknowledge(through: 2)
        #expect(try test.store.pendingCount() == counted(2))
        let newest = try test.store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(device_seq) FROM change_log") }
        try test.store.acknowledge(through: newest ?? 0)
        #expect(try test.store.pendingCount() == 0)
    }
}
