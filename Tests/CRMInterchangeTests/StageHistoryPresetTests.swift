// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Foundation
import Testing

/// A deal's stage history from a Salesforce `OpportunityHistory.csv` (issue 17), row by row.
@Suite struct StageHistoryPresetTests {
    @Test func historyRowsGiveTheDealTheStageAndTheTime() throws {
        let path = try temporaryFile(
            """
            Id,OpportunityId,CreatedDate,StageName,Amount,CloseDate,Probability
            008A,006A,2023-05-01T09:00:00.000+0000,Qualification,400000,2023-09-30,10
            008B,006A,2023-09-23T10:00:00.000+0000,Closed Lost,400000,2023-09-23,0
            008C,006A,2023-09-24T10:00:00.000+0000,Sleeping,400000,2023-09-23,0
            008D,006A,,Negotiation,400000,2023-09-23,0

            """, name: "OpportunityHistory.csv")
        let (mapping, rows, issues) = try mappedRows(path, .init(kind: .stageChange))
        #expect(mapping.preset == .salesforce)
        #expect(rows.map { $0[text: ImportRow.Reference.stage] } == ["Qualified", "Lost"])
        #expect(rows.allSatisfy { $0[text: ImportRow.Reference.dealExternalID] == "006A" })
        #expect(rows.first?.fields["created_at"] == .integer(1_682_931_600_000))
        #expect(rows.first?.id == RecordID.stable(namespace: "import:stage_change:salesforce", name: "008A"))
        #expect(issues.map(\.line) == [4, 5])
        #expect(issues.first?.reason.hasPrefix("unknown stage 'Sleeping'") == true)
        #expect(issues.last?.reason == "no time: column 'CreatedDate' is empty")
    }

    @Test func aFileWithoutTheDealColumnIsRefusedNamingIt() throws {
        let path = try temporaryFile("Id,CreatedDate,StageName\n008A,2023-05-01,Qualification\n")
        #expect(throws: InterchangeError.self) { try mappedRows(path, .init(kind: .stageChange)) }
    }
}
