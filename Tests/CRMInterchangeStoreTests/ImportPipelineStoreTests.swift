// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMInterchangeStore
import CRMStore
import Testing

/// The import pipeline against the real store: strict and file errors leave the database as
/// promised, and the per-batch match lookups find exactly what the per-row queries found.
@Suite struct ImportPipelineStoreTests {
    /// `count` contact rows with a company per 4 rows; row `bad` has an invalid email and row
    /// `unterminated` opens a quote that is never closed (no quote appears after it).
    static func file(_ count: Int, bad: Int? = nil, unterminated: Int? = nil) -> String {
        var text = "Name,Email,Company\n"
        for row in 1...count {
            let email = row == bad ? "nobody-at-example" : "p\(row)@example.com"
            let name = row == unterminated ? "\"Person \(row)" : "Person \(row)"
            text += "\(name),\(email),Firm \(row / 4)\n"
        }
        return text
    }

    @Test func strictWithABadRowInALateBatchWritesNothing() throws {
        let (store, folder) = try temporaryStore()
        let path = try write(Self.file(300, bad: 287), "late.csv", in: folder)
        let before = try changeCount(store)
        let report = try importCSV(path, kind: .contact, into: store, strict: true, batchSize: 25)
        #expect(report.skipped.map(\.line) == [288])
        #expect(!report.committed)
        #expect(try store.count(.contact) == 0)
        #expect(try store.count(.company) == 0)
        #expect(try changeCount(store) == before)

        let good = try importCSV(path, kind: .contact, into: store, batchSize: 25)
        #expect(good.created == 299)
        #expect(try store.count(.company) == 76)
    }

    /// Batches of 25: the 10 whole batches before row 263 stay (250 contacts, companies Firm 0–62);
    /// rows 251–262 share a batch with the broken row and are not written.
    @Test func anUnclosedQuoteLateInTheFileKeepsTheWholeBatchesBeforeIt() throws {
        let (store, folder) = try temporaryStore()
        let path = try write(Self.file(300, unterminated: 263), "quote.csv", in: folder)
        let report = try importCSV(path, kind: .contact, into: store, batchSize: 25)
        #expect(report.stoppedEarly)
        #expect(report.notes.first?.contains("line 264: a quoted field is never closed") == true)
        #expect(report.created == 250)
        #expect(try store.count(.contact) == 250)
        #expect(try store.count(.company) == 63)

        let (strictStore, _) = try temporaryStore()
        let before = try changeCount(strictStore)
        #expect(throws: InterchangeError.unterminatedQuote(line: 264)) {
            try importCSV(path, kind: .contact, into: strictStore, strict: true, batchSize: 25)
        }
        #expect(try strictStore.count(.contact) == 0)
        #expect(try changeCount(strictStore) == before)
    }

    /// Each batch size on a fresh store: with 2 and 100 the two Bo rows share a batch, so the
    /// second must find the record the first created (the batch query ran before either).
    @Test func rowsOfOneBatchMatchEachOtherAndRecordsAlreadyStored() throws {
        let text = """
            Name,Email,Title
            Ann New,ann@example.com,CEO
            Bo One,bo@example.com,Buyer
            Bo Two,BO@example.com,Head buyer
            Cy,cy@example.com,
            """
        for size in [1, 2, 100] {
            let (store, folder) = try temporaryStore()
            try store.create(.contact, ["name": .text("Ann Old"), "email": .text("Ann@Example.com")])
            let path = try write(text, "same.csv", in: folder)
            let report = try importCSV(path, kind: .contact, into: store, batchSize: size)
            #expect(report.skipped == [])
            #expect(report.created == 2 && report.updated == 2, "batch size \(size)")
            #expect(try store.count(.contact) == 3, "batch size \(size)")
            let all = try store.contacts(after: nil, limit: 10)
            #expect(Set(all.map(\.name)) == ["Ann New", "Bo Two", "Cy"])
            #expect(all.first { $0.name == "Bo Two" }?.title == "Head buyer")
        }
    }

    @Test(Fixtures.required) func salesforceContactsGiveTheSameResultWhateverTheBatchSize() throws {
        let accounts = Fixtures.path("salesforce-export/Account.csv")
        let contacts = Fixtures.path("salesforce-export/Contact.csv")
        var results: [(ImportReport, [String])] = []
        for size in [7, 2000] {
            let (store, _) = try temporaryStore()
            _ = try importCSV(accounts, kind: .company, into: store, batchSize: size)
            let report = try importCSV(contacts, kind: .contact, into: store, batchSize: size)
            let again = try importCSV(contacts, kind: .contact, into: store, batchSize: size)
            #expect(report.created == 102)
            #expect(again.unchanged == 102 && again.updated == 0 && again.created == 0)
            let names = try store.contacts(after: nil, limit: 200).map { "\($0.name)|\($0.companyName ?? "")" }
            results.append((report, names.sorted()))
        }
        #expect(results[0].0 == results[1].0)
        #expect(results[0].1 == results[1].1)
    }
}
