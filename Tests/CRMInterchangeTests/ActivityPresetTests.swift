// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Foundation
import Testing

/// Activities from exports (issue 17): Salesforce's `Task.csv` and `Event.csv`, whose `WhoId`
/// and `WhatId` name a contact, lead, account, opportunity or case by key prefix, and any CSV
/// of tasks, calls and meetings.
@Suite struct ActivityPresetTests {
    /// The Task.csv of the same real export as the shared Salesforce fixtures (Tests/Fixtures/PROVENANCE.md).
    static let taskFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/salesforce-export/Task.csv").path

    @Test func salesforceTasksMapTheirLinksByKeyPrefix() throws {
        let (mapping, rows, issues) = try mappedRows(Self.taskFile, .init(kind: .activity))
        #expect(mapping.preset == .salesforce, "detected from WhoId, WhatId, ActivityDate…")
        #expect(issues == [] && rows.count == 75)
        #expect(rows.allSatisfy { $0[text: "kind"] == "task" && $0.fields["done"] == .bool(false) }, "Not Started")
        let first = try #require(rows.first)
        #expect(first[text: "subject"] == "Customer Onboarding")
        #expect(first.fields["due_at"] == .integer(1_703_523_600_000), "ActivityDate 2023-12-25 is due at 17:00")
        #expect(first.fields["created_at"] == .integer(1_706_032_251_000))
        #expect(first[text: ImportRow.Reference.contactExternalID] == "003Ec00000Cz310IAB")
        #expect(first[text: ImportRow.Reference.ownerExternalID] == "005Ec000004oBPNIA2")
        #expect(rows.filter { $0[text: ImportRow.Reference.contactExternalID] != nil }.count == 60, "WhoId 003…")
        #expect(rows.filter { $0[text: ImportRow.Reference.unimportedObject] == "lead" }.count == 15, "WhoId 00Q…")
        #expect(
            rows.filter { $0[text: ImportRow.Reference.companyExternalID] != nil }.count == 36,
            "AccountId or WhatId 001…")
    }

    @Test func eventsTypesStatusesAndTheOtherLinks() throws {
        let path = try temporaryFile(
            """
            Id,WhoId,WhatId,Subject,ActivityDate,StartDateTime,Type,TaskSubtype,EventSubtype,Status,IsClosed,CompletedDateTime
            00U000000000001AAA,,006Ec00000A1b2CIAR,Demo,,2024-03-05T09:30:00.000+0000,,,Event,,,
            00T000000000002AAA,000000000000000AAA,500Ec000009YUY8IAO,Call back,2024-03-05,,Call,Task,,Completed,1,2024-03-06T14:15:00.000+0000
            00T000000000003AAA,003Ec00000Cz310IAB,701Ec0000001234AAA,Send deck,2024-03-05,,,Email,,In Progress,0,

            """, name: "Event.csv")
        var options = CSVImportOptions(kind: .activity, preset: .salesforce)
        options.timeZoneOffsetSeconds = 3_600
        let (_, rows, issues) = try mappedRows(path, options)
        #expect(issues == [] && rows.count == 3)
        #expect(rows[0][text: "kind"] == "meeting" && rows[0].fields["due_at"] == .integer(1_709_631_000_000))
        #expect(rows[0][text: ImportRow.Reference.dealExternalID] == "006Ec00000A1b2CIAR")
        #expect(rows[0].fields["done"] == nil, "only a task is done or not")
        #expect(
            rows[1][text: "kind"] == "call" && rows[1].fields["done"] == nil, "a completed Call task is a logged call")
        #expect(rows[1].fields["done_at"] == .integer(1_709_734_500_000))
        #expect(rows[1].fields["due_at"] == .integer(1_709_654_400_000), "17:00 at UTC+1 is 16:00 UTC")
        #expect(rows[1][text: ImportRow.Reference.caseExternalID] == "500Ec000009YUY8IAO")
        #expect(rows[1][text: ImportRow.Reference.contactExternalID] == nil, "the all-zero id names nothing")
        let caseID = RecordID.stable(namespace: "import:case:salesforce", name: "500Ec000009YUY8IAO")
        #expect(rows[1][text: ImportRow.Reference.caseID] == caseID.rawValue, "the id the case import gives it")
        #expect(
            rows[2][text: "kind"] == "task" && rows[2].fields["done"] == .bool(false), "an open Email task is a to-do")
        #expect(rows[2][text: ImportRow.Reference.contactExternalID] == "003Ec00000Cz310IAB")
        #expect(
            rows[2][text: ImportRow.Reference.unimportedObject] == nil,
            "a campaign (701) is neither linked nor reported")
    }

    @Test func aGenericFileAndABadDoneCellNamingItsColumn() throws {
        let path = try temporaryFile(
            """
            Subject,Type,Due Date,Done,Contact Email
            Lunch with Ana,Meeting,2024-03-05 12:30,,ana@example.com
            Renewal call,call,2024-03-05,yes,
            Chase invoice,To-do,,maybe,

            """)
        let (mapping, rows, issues) = try mappedRows(path, .init(kind: .activity))
        #expect(mapping.preset == nil && mapping.unmapped.isEmpty)
        #expect(
            issues == [
                RowIssue(
                    line: 4, reason: "column 'Done': 'maybe' is not yes or no (expected 1/0, true/false or yes/no)")
            ])
        #expect(rows.map { $0[text: "kind"] } == ["meeting", "call"])
        #expect(rows[0][text: ImportRow.Reference.contactEmail] == "ana@example.com")
        #expect(rows[1].fields["done"] == nil, "a call is logged, not done")
    }

    /// Pipedrive's activities export (EXPORT-FORMATS.md §4): the due date and its time are two
    /// columns; a row without a source id gets an id from what it says, the same on a re-import.
    @Test func pipedriveActivitiesJoinTheDueTimeAndKeepTheirIdAcrossImports() throws {
        let path = try temporaryFile(
            """
            Activity - Subject,Activity - Type,Activity - Due date,Activity - Due time,Activity - Done,Activity - Assigned to user,Deal - ID
            Call Ada,call,2024-03-01,10:30,Done,Dana Owner,31
            Send deck,task,2024-03-02,,To do,Sam Admin,31
            Late,call,2024-03-02,25:00,Done,Sam Admin,

            """)
        let (mapping, rows, issues) = try mappedRows(path, .init(kind: .activity))
        #expect(mapping.preset == .pipedrive && mapping.unmapped.isEmpty, "\(mapping.unmapped)")
        #expect(
            issues == [
                RowIssue(line: 4, reason: "column 'Activity - Due time': '25:00' is not a time of day like 14:30")
            ])
        #expect(rows[0].fields["due_at"] == .integer(1_709_289_000_000), "2024-03-01 10:30 UTC")
        #expect(rows[1].fields["due_at"] == .integer(1_709_398_800_000), "no time: 17:00")
        #expect(rows[1][text: "kind"] == "task" && rows[1].fields["done"] == .bool(false), "To do")
        #expect(
            rows[0][text: ImportRow.Reference.dealExternalID] == "31"
                && rows[0][text: ImportRow.Reference.ownerName] == "Dana Owner")
        let again = try mappedRows(path, .init(kind: .activity)).1
        #expect(rows.map(\.id) == again.map(\.id) && rows[0].id != nil && rows[0].id != rows[1].id)
    }

    @Test func aFileWithoutSubjectOrTypeIsRefusedNamingTheField() throws {
        let path = try temporaryFile("Due Date,Done\n2024-03-05,1\n")
        #expect(throws: InterchangeError.self) { try mappedRows(path, .init(kind: .activity)) }
    }
}
