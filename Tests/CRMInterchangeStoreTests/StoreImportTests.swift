// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMInterchangeStore
import CRMStore
import Testing

@Suite struct StoreImportTests {
    @Test(Fixtures.required) func salesforceExportImportsLinkedAndReimportUpdates() throws {
        let accounts = Fixtures.path("salesforce-export/Account.csv")
        let contacts = Fixtures.path("salesforce-export/Contact.csv")
        let opportunities = Fixtures.path("salesforce-export/Opportunity.csv")
        let (store, _) = try temporaryStore()
        let companyReport = try importCSV(accounts, kind: .company, into: store)
        #expect(companyReport.created == 22)
        #expect(companyReport.preset == "salesforce")
        let contactReport = try importCSV(contacts, kind: .contact, into: store)
        #expect(contactReport.created == 102)
        #expect(contactReport.skipped == [])
        let dealReport = try importCSV(opportunities, kind: .deal, into: store)
        #expect(dealReport.created == 50)
        #expect(try store.count(.company) == 22)
        let ashley = try store.contact(
            RecordID.stable(namespace: "import:contact:salesforce", name: "003Ec00000Cz30UIAR"))
        #expect(ashley.name == "Ashley Brock")
        #expect(ashley.companyName == "Walker Henson and Compton")
        let won = try store.stages().first { $0.name == "Won" }
        #expect(try store.deals(stageID: won?.id, limit: 100).count == 12)
        let logged = try changeCount(store)
        #expect(logged > 174)

        let again = try importCSV(contacts, kind: .contact, into: store)
        #expect(again.created == 0)
        #expect(again.updated == 0 && again.unchanged == 102, "nothing changed, nothing counted as updated")
        #expect(try store.count(.contact) == 102)
        #expect(try changeCount(store) == logged)
    }

    @Test func reimportMatchesByEmailWhenThereIsNoSourceID() throws {
        let (store, folder) = try temporaryStore()
        let first = try write("Name,Email,Phone\nAnn Able,ann@example.com,555-010-1000\n", "a.csv", in: folder)
        _ = try importCSV(first, kind: .contact, into: store)
        let second = try write("Full Name,E-mail,Job Title\nAnn Able,ANN@example.com,CTO\n", "b.csv", in: folder)
        let report = try importCSV(second, kind: .contact, into: store)
        #expect(report.updated == 1)
        let all = try store.contacts(after: nil, limit: 10)
        #expect(all.count == 1)
        #expect(all.first?.title == "CTO")
        #expect(all.first?.phone == "555-010-1000")
    }

    @Test func defaultModeKeepsGoodRowsAndReportsBadOnesStrictWritesNothing() throws {
        let (store, folder) = try temporaryStore()
        let text = """
            Name,Email,Company
            Ann Able,ann@example.com,Acme
            Bob Bad,bob-at-example,Acme
            Cy Clean,cy@example.com,Beta
            """
        let path = try write(text, "c.csv", in: folder)
        let before = try changeCount(store)
        let strict = try importCSV(path, kind: .contact, into: store, strict: true)
        #expect(!strict.committed)
        #expect(strict.skipped.map(\.line) == [3])
        #expect(try store.count(.contact) == 0)
        #expect(try store.count(.company) == 0)
        #expect(try changeCount(store) == before)

        let dry = try importCSV(path, kind: .contact, into: store, dryRun: true)
        #expect(dry.created == 2)
        #expect(try store.count(.contact) == 0)
        #expect(try changeCount(store) == before)

        let report = try importCSV(path, kind: .contact, into: store)
        #expect(report.created == 2)
        #expect(
            report.skipped == [
                RowIssue(
                    line: 3,
                    reason: "column 'Email': 'bob-at-example' is not an email address (expected name@example.com)")
            ])
        #expect(try store.count(.contact) == 2)
        #expect(try store.count(.company) == 2)
    }

    @Test func ownersByEmailAndUnknownStagesReported() throws {
        let (store, folder) = try temporaryStore()
        let rep = try store.create(
            .user, ["name": .text("Pat Rep"), "email": .text("pat@ourco.example"), "role": .text("rep")])
        let text = """
            Deal Name,Amount,Deal Stage,Deal owner,Close Date,Associated Company
            Big one,"$12,000.50",Closed Won,PAT@ourco.example,03/31/2025,Acme
            Odd one,10,Stage Nine,,,
            Ghost owner,5,qualifiedtobuy,ghost@ourco.example,,
            """
        let path = try write(text, "deals.csv", in: folder)
        var sink = StoreImportSink(store: store, kind: .deal)
        var progress: ProgressBar? = nil
        let options = CSVImportOptions(kind: .deal, stages: try store.stages().map(\.name))
        let report = try CSVImporter(options: options).run(path: path, into: &sink, progress: &progress)
        #expect(report.created == 2)
        #expect(report.unknownStages == ["Stage Nine": 1])
        #expect(sink.notes.isEmpty)
        let ghost = try #require(try store.team().first { $0.email == "ghost@ourco.example" })
        #expect(!ghost.active && ghost.name == "ghost@ourco.example", "an unknown owner is an inactive member")
        let deals = try store.deals(limit: 10)
        let big = try #require(deals.first { $0.title == "Big one" })
        #expect(big.amount.minorUnits == 1_200_050)
        #expect(big.ownerID == rep)
        #expect(big.closeDate?.description == "2025-03-31")
        #expect(try store.stageHistory(big.id).count == 1)
    }

    /// `--owners existing-only` and a synced device create nobody: the first says the owner is not
    /// a member, the second also gives the admin's exact commands.
    @Test func ownersWhoAreNotMembersAreReportedUnlessCreated() throws {
        let (store, folder) = try temporaryStore()
        let path = try write(
            "Deal Name,Amount,Deal Stage,Deal owner\nOne,10,Closed Won,Rita Rep\nTwo,20,qualifiedtobuy,Rita Rep\n",
            "deals.csv", in: folder)
        for policy in [OwnerPolicy.existingOnly, .admin] {
            var sink = StoreImportSink(store: store, kind: .deal, owners: policy)
            var progress: ProgressBar? = nil
            let options = CSVImportOptions(kind: .deal, stages: try store.stages().map(\.name))
            _ = try CSVImporter(options: options).run(path: path, into: &sink, progress: &progress)
            #expect(sink.missingOwners == [MissingOwner(name: "Rita Rep", email: nil)])
            #expect(sink.notes == ["owner 'Rita Rep' is not a team member; rows imported without an owner": 2])
        }
        #expect(try store.team().isEmpty)
        #expect(try store.deals(limit: 10).allSatisfy { $0.ownerID == nil })
        #expect(
            MissingOwner(name: "Rita Rep", email: "rita@ourco.example").serverCommands(tenant: "acme") == [
                "echo \"$PASSWORD\" | crm-server user add --tenant acme --name 'Rita Rep' --role rep "
                    + "--email rita@ourco.example",
                "crm-server user deactivate --tenant acme 'Rita Rep'",
            ])
    }
}
