// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// `Store.bulk`: many records, one transaction, one undo (issue 20).
@Suite struct BulkActionTests {
    func transactions(_ test: TestStore, after seq: Int) throws -> Int {
        try test.store.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(DISTINCT tx_id) FROM change_log WHERE device_seq > ?", arguments: [seq]) ?? 0
        }
    }

    func deal(_ test: TestStore, _ title: String, owner: OwnerChoice? = nil) throws -> RecordID {
        let amount = FieldValue.money(Money(minorUnits: 100, currency: try Currency("USD")))
        return try test.store.add(RecordDraft(.deal, fields: ["title": .text(title), "amount": amount], owner: owner))
    }

    func openCases(_ test: TestStore, _ count: Int) throws -> [RecordID] {
        try (1...count).map { try test.store.openCase(["subject": .text("Case \($0)")]) }
    }

    @Test func assigningThreeCasesIsOneTransactionAndOneUndoTakesItAllBack() throws {
        let test = try TestStore()
        let bo = try test.store.create(.user, ["name": .text("Bo Colleague"), "role": .text("rep")])
        let ids = try openCases(test, 3)
        let before = try test.logCount()
        #expect(try test.store.bulk(ids, of: .supportCase, .assign(bo)) == 3)
        #expect(try transactions(test, after: before) == 1)
        #expect(try ids.allSatisfy { try test.store.supportCase($0).assigneeID == bo })
        let outcome = try test.store.undo()
        #expect(outcome.done.count == 3, "one undo names each of the three cases: \(outcome.done)")
        #expect(try ids.allSatisfy { try test.store.supportCase($0).assigneeID == nil })
    }

    @Test func priorityAndStatusFollowTheSLARulesOfTheSingleCommands() throws {
        let test = try TestStore()
        let ids = try openCases(test, 2)
        let single = try test.store.openCase(["subject": .text("Alone")])
        try test.store.setCasePriority(single, .urgent)
        try test.store.bulk(ids, of: .supportCase, .priority(.urgent))
        let expected = try test.store.supportCase(single)
        for id in ids {
            let item = try test.store.supportCase(id)
            #expect(item.priority == .urgent)
            #expect(item.firstResponseDue == expected.firstResponseDue, "due times recomputed as one change does")
        }
        try test.store.bulk(ids, of: .supportCase, .status(.pending))
        #expect(try ids.allSatisfy { try test.store.supportCase($0).pausedAt != nil }, "pending pauses the clock")
    }

    @Test func movingDealsRecordsEachOnesStageHistory() throws {
        let test = try TestStore()
        let deals = try (1...3).map { try deal(test, "Deal \($0)") }
        let qualified = try #require(try test.store.stages().first { $0.name == "Qualified" })
        #expect(try test.store.bulk(deals, of: .deal, .stage(qualified.id)) == 3)
        for deal in deals {
            #expect(try test.store.deal(deal).stageID == qualified.id)
            #expect(try test.store.stageHistory(deal).count == 2, "created in Lead, then moved")
        }
        #expect(try test.store.bulk(deals, of: .deal, .stage(qualified.id)) == 0, "already there: nothing changes")
    }

    /// A large action runs with a bulk load's page cache, and the writer gets its everyday cache back after.
    @Test func aLargeActionGivesTheWriterItsEverydayCacheBack() throws {
        let test = try TestStore()
        let ids = try test.store.write { recorder in
            try (1...1_000).map { index -> RecordID in
                let id = recorder.newID()
                try Store.addDeal(
                    [
                        "title": .text("Deal \(index)"),
                        "amount": .money(Money(minorUnits: 100, currency: try Currency("USD"))),
                    ], id: id, in: recorder)
                return id
            }
        }
        let qualified = try #require(try test.store.stages().first { $0.name == "Qualified" })
        #expect(try test.store.bulk(ids, of: .deal, .stage(qualified.id)) == 1_000)
        let cache = try test.store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        #expect(cache == -Store.normalCacheKiB)
        #expect(try test.store.deal(ids[999]).stageID == qualified.id)
    }

    @Test func aMissingRecordFailsTheWholeActionBeforeAnythingIsWritten() throws {
        let test = try TestStore()
        let ids = try openCases(test, 2)
        try test.store.delete(.supportCase, id: ids[1])
        let before = try test.logCount()
        #expect(throws: StoreError.notFound(kind: .supportCase, handle: ids[1].rawValue)) {
            try test.store.bulk(ids, of: .supportCase, .priority(.high))
        }
        #expect(try test.logCount() == before)
        #expect(try test.store.supportCase(ids[0]).priority == .normal)
    }

    @Test func tagAddsToTheTagsEachRecordHasAndDeleteIsUndoneInOne() throws {
        let test = try TestStore()
        let tagged = try test.store.create(.contact, ["name": .text("Ana"), "tags": .tags(["lead"])])
        let plain = try test.store.create(.contact, ["name": .text("Bea")])
        try test.store.bulk([tagged, plain], of: .contact, .tag(try Tag("VIP")))
        #expect(try test.store.contact(tagged).tags == ["lead", "vip"])
        #expect(try test.store.contact(plain).tags == ["vip"])
        #expect(try test.store.ids(of: .contact, where: ["tags": .tags(["vip"])]).count == 2)
        #expect(try test.store.ids(of: .contact, where: ["tags": .tags(["lead"])]) == [tagged])
        try test.store.bulk([tagged, plain], of: .contact, .delete)
        #expect(try test.store.count(.contact) == 0)
        _ = try test.store.undo()
        #expect(try test.store.count(.contact) == 2)
    }

    @Test func aWrongKindIsRefusedByName() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("Ana")])
        #expect(throws: StoreError.self) { try test.store.bulk([id], of: .contact, .status(.open)) }
    }

    @Test func idsWhereMatchesEveryFieldWithoutCase() throws {
        let test = try TestStore()
        let me = try test.store.create(.user, ["name": .text("Ada"), "role": .text("manager")])
        try test.store.setCurrentUser(me)
        let lead = try #require(try test.store.stages().first { $0.name == "Lead" })
        let mine = try deal(test, "Mine")
        _ = try deal(test, "Nobody's", owner: .nobody)
        let filter: [String: FieldValue] = ["stage_id": .text(lead.id.rawValue), "owner_id": .text(me.rawValue)]
        #expect(try test.store.ids(of: .deal, where: filter) == [mine])
        #expect(try test.store.ids(of: .deal, where: ["title": .text("MINE")]) == [mine])
        #expect(throws: StoreError.unknownField(kind: .deal, field: "colour")) {
            try test.store.ids(of: .deal, where: ["colour": .text("red")])
        }
    }
}
