// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A Salesforce export with its `OpportunityHistory.csv` (issue 17): each deal's stage history
/// is the source's, not the two moves the deal import makes up, so the funnel counts how far a
/// lost deal really got; importing the file again writes nothing.
///
/// The history file is written by the test, with the object's real columns, for two deals of the
/// fixture export (the public fixtures have no history file).
@Suite struct MigrationHistoryTests {
    let export = MigrationExportTests()
    static let lost = "Richardson, Baker and Ford - Business Checking Account - September 2023"
    static let history = """
        Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,SystemModstamp,IsDeleted
        008Ec00000H1s01IAB,006Ec00000AieKaIAJ,005Ec000004oBPNIA2,2023-05-01T09:00:00.000+0000,Qualification,400000,40000,2023-09-30,10,Pipeline,2023-05-01T09:00:00.000+0000,false
        008Ec00000H1s02IAB,006Ec00000AieKaIAJ,005Ec000004oBPNIA2,2023-06-10T09:00:00.000+0000,Proposal/Quote,400000,300000,2023-09-30,75,Pipeline,2023-06-10T09:00:00.000+0000,false
        008Ec00000H1s04IAB,006Ec00000AieKaIAJ,005Ec000004oBPNIA2,2023-07-15T09:00:00.000+0000,Negotiation,467584.31,420825.88,2023-09-23,90,Commit,2023-07-15T09:00:00.000+0000,false
        008Ec00000H1s03IAB,006Ec00000AieKaIAJ,005Ec000004oBPNIA2,2023-07-01T09:00:00.000+0000,Negotiation,450000,405000,2023-09-30,90,Commit,2023-07-01T09:00:00.000+0000,false
        008Ec00000H1s05IAB,006Ec00000AieKaIAJ,005Ec000004oBPNIA2,2023-09-23T10:00:00.000+0000,Closed Lost,467584.31,0,2023-09-23,0,Omitted,2023-09-23T10:00:00.000+0000,false
        008Ec00000H1s06IAB,006Ec00000AieKGIAZ,005Ec000004oBPNIA2,2023-03-01T09:00:00.000+0000,Discovery,1651993.36,330398.67,2023-06-17,20,Pipeline,2023-03-01T09:00:00.000+0000,false
        008Ec00000H1s07IAB,006Ec00000AieKGIAZ,005Ec000004oBPNIA2,2023-06-17T09:00:00.000+0000,Closed Won,1651993.36,1651993.36,2023-06-17,100,Closed,2023-06-17T09:00:00.000+0000,false

        """

    @Test(InterchangeCommandTests.fixturesRequired)
    func theSourcesHistoryReplacesTheMadeUpOne() throws {
        let without = try export.cli()
        try without.ok("import", "salesforce", try export.exportFolder(in: without).path)
        let with = try export.cli()
        let folder = try export.exportFolder(in: with)
        try Self.history.write(
            to: folder.appendingPathComponent("OpportunityHistory.csv"), atomically: true, encoding: .utf8)
        let report = try with.ok("import", "salesforce", folder.path, "--json").object
        let file = (report["files"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "stage_change" }
        #expect(file?["created"] as? Int == 7 && (file?["skipped"] as? [Any])?.isEmpty == true)

        #expect(
            try Self.moves(of: Self.lost, in: with) == [
                "2023-05-01T09:00:00.000Z stage — → Qualified", "2023-06-10T09:00:00.000Z stage Qualified → Proposal",
                "2023-07-01T09:00:00.000Z stage Proposal → Negotiation",
                "2023-09-23T10:00:00.000Z stage Negotiation → Lost",
            ], "the repeated Negotiation row (an amount change) is no move; the made-up ones are gone")
        #expect(
            try Self.moves(of: "Hill Group - Business Loans - June 2023", in: with) == [
                "2023-03-01T09:00:00.000Z stage — → Qualified", "2023-06-17T09:00:00.000Z stage Qualified → Won",
            ])
        let before = try Self.reached(in: without)
        let after = try Self.reached(in: with)
        // Without its history the lost deal went straight to Lost, which the funnel leaves out.
        for stage in ["Lead", "Qualified", "Proposal", "Negotiation"] {
            #expect(after[stage] == (before[stage] ?? -1) + 1, "the lost deal reached \(stage)")
        }
        #expect(after["Won"] == before["Won"])

        let again = try with.ok("import", "salesforce", folder.path, "--json").object
        let second = (again["files"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "stage_change" }
        #expect(second?["created"] as? Int == 0 && second?["unchanged"] as? Int == 7)
        #expect(second?["import_id"] == nil, "nothing reached the change log")
        #expect(try Self.moves(of: Self.lost, in: with).count == 4)
    }

    @Test(InterchangeCommandTests.fixturesRequired)
    func historyOfADealNotImportedIsSkippedNamingTheFile() throws {
        let cli = try export.cli()
        let path = cli.folder.appendingPathComponent("OpportunityHistory.csv")
        try Self.history.write(to: path, atomically: true, encoding: .utf8)
        let result = try cli.run("import", "csv", path.path, "--kind", "stage-history", "--json")
        let skipped = result.object["skipped"] as? [[String: Any]] ?? []
        #expect(skipped.count == 7)
        #expect(
            skipped.first?["reason"] as? String
                == "deal '006Ec00000AieKaIAJ' is not imported: import its deals file (Opportunity.csv) first")
    }

    /// A deal's stage moves, oldest first, as `crm deal show --json` lists them.
    static func moves(of deal: String, in cli: CLI) throws -> [String] {
        let timeline = try cli.ok("deal", "show", deal, "--json").object["timeline"] as? [[String: Any]] ?? []
        return timeline.filter { $0["action"] as? String == "stage" }.map {
            "\($0["at"] as? String ?? "") \($0["summary"] as? String ?? "")"
        }.sorted()
    }

    /// How many deals reached each stage, from `crm report funnel`.
    static func reached(in cli: CLI) throws -> [String: Int] {
        let periods = try cli.ok("report", "funnel", "--json").object["periods"] as? [[String: Any]] ?? []
        var reached: [String: Int] = [:]
        for stage in periods.first?["stages"] as? [[String: Any]] ?? [] {
            reached[stage["stage"] as? String ?? "?"] = stage["reached"] as? Int
        }
        return reached
    }
}
