// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Foundation
import Testing

/// Reads every row of a CSV file through the mapper.
func mappedRows(_ path: String, _ options: CSVImportOptions) throws -> (ColumnMapping, [ImportRow], [RowIssue]) {
    let stream = try CSVRowStream(path: path, options: options)
    var rows: [ImportRow] = []
    var issues: [RowIssue] = []
    while let outcome = try stream.next() {
        switch outcome {
        case .success(let row): rows.append(row)
        case .failure(let issue): issues.append(issue)
        }
    }
    return (stream.mapping, rows, issues)
}

/// Writes `text` to a new temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "import.csv") throws -> String {
    let url = try Fixtures.temporaryDirectory().appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

@Suite struct SalesforcePresetTests {
    @Test(Fixtures.required) func contactExportMapsEveryRow() throws {
        let (mapping, rows, issues) = try mappedRows(
            Fixtures.path("salesforce-export/Contact.csv"), .init(kind: .contact))
        #expect(mapping.preset == .salesforce)
        #expect(issues == [])
        #expect(rows.count == 102)
        let patricia = try #require(rows.first)
        #expect(patricia[text: "name"] == "Patricia Ryan")
        #expect(patricia[text: "email"] == "patricia.ryan@example.com")
        #expect(patricia[text: "phone"] == "5987002803")
        #expect(patricia[text: "address"] == "4228 Emily Walks, Anthonyton, OK 43892, US")
        #expect(patricia[text: "external_id"] == "003Ec00000CyOT7IAN")
        #expect(patricia.fields["created_at"] == .integer(1_705_976_509_000))
        #expect(patricia.id == RecordID.stable(namespace: "import:contact:salesforce", name: "003Ec00000CyOT7IAN"))
        #expect(rows[1][text: ImportRow.Reference.companyExternalID] == "001Ec00000GGw3hIAD")
        #expect(rows[1][text: ImportRow.Reference.ownerExternalID] == "005Ec000004oBPNIA2")
        #expect(mapping.unmapped.contains("Gender__c"))
    }

    @Test(Fixtures.required) func accountExportMapsToCompanies() throws {
        let (mapping, rows, issues) = try mappedRows(
            Fixtures.path("salesforce-export/Account.csv"), .init(kind: .company))
        #expect(mapping.preset == .salesforce)
        #expect(issues == [])
        #expect(rows.count == 22)
        let walker = try #require(rows.first { $0[text: "name"] == "Walker Henson and Compton" })
        #expect(walker[text: "domain"] == "walkerhensonandcompton.com")
        #expect(walker[text: "industry"] == "Finance")
        #expect(walker[text: "address"] == "757 William Pass Apt. 782, Katherinemouth, ID 74929, United States")
    }

    @Test(Fixtures.required) func opportunityStagesAndAmounts() throws {
        let (mapping, rows, issues) = try mappedRows(
            Fixtures.path("salesforce-export/Opportunity.csv"), .init(kind: .deal))
        #expect(mapping.preset == .salesforce)
        #expect(issues == [])
        #expect(rows.count == 50)
        var stages: [String: Int] = [:]
        for row in rows { stages[row[text: "stage"] ?? "", default: 0] += 1 }
        #expect(stages == ["Won": 12, "Qualified": 18, "Negotiation": 9, "Proposal": 8, "Lost": 3])
        let first = try #require(rows.first)
        #expect(first.fields["amount"] == money(112_474_115, "USD"))
        #expect(first.fields["close_date"] == .text("2024-11-10"))
        #expect(first.fields["probability"] == .integer(10))
        #expect(first[text: ImportRow.Reference.companyExternalID] == "001Ec00000GGw3iIAD")
    }

    @Test(Fixtures.required) func unknownStagesAreIssuesNamingTheStage() throws {
        let options = CSVImportOptions(kind: .deal, stages: ["Lead", "Qualified", "Proposal", "Won", "Lost"])
        let (_, rows, issues) = try mappedRows(Fixtures.path("salesforce-export/Opportunity.csv"), options)
        #expect(rows.count == 41)
        #expect(issues.count == 9)
        #expect(issues.allSatisfy { $0.reason.hasPrefix("unknown stage 'Negotiation'") })
    }
}

@Suite struct HubSpotAndPipedrivePresetTests {
    @Test func hubspotContactsViewExport() throws {
        let path = try temporaryFile(
            """
            Record ID,First Name,Last Name,Email,Phone Number,Contact owner,Lead Status,Create Date,Associated Company
            101,Zoë,Łukasz,ZOE@Example.com,+44 20 7946 0958,rep@ourco.com,NEW,2023-02-21 10:15,Acme Ltd
            102,,,nobody@example.com,,,,02/21/2023,
            103,Bad,Email,not-an-email,,,,,
            """)
        let (mapping, rows, issues) = try mappedRows(path, .init(kind: .contact))
        #expect(mapping.preset == .hubspot)
        #expect(rows.count == 2)
        #expect(rows[0][text: "name"] == "Zoë Łukasz")
        #expect(rows[0][text: "email"] == "zoe@example.com")
        #expect(rows[0][text: ImportRow.Reference.ownerEmail] == "rep@ourco.com")
        #expect(rows[0][text: ImportRow.Reference.company] == "Acme Ltd")
        #expect(rows[0].fields["created_at"] == .integer(1_676_974_500_000))
        #expect(rows[1][text: "name"] == "nobody@example.com")
        #expect(
            issues == [
                RowIssue(
                    line: 4,
                    reason: "column 'Email': 'not-an-email' is not an email address (expected name@example.com)")
            ])
    }

    @Test func hubspotCompaniesAndDeals() throws {
        let companies = try temporaryFile(
            """
            Record ID,Company name,Website URL,Company owner,Create Date
            9001,Acme Ltd,https://acme.example/,Pat Rep,2023-01-05
            """)
        let (_, companyRows, _) = try mappedRows(companies, .init(kind: .company, preset: .hubspot))
        #expect(companyRows.first?[text: "domain"] == "acme.example")
        #expect(companyRows.first?[text: ImportRow.Reference.ownerName] == "Pat Rep")
        let deals = try temporaryFile(
            """
            Record ID,Deal Name,Deal Stage,Amount,Deal owner,Associated Company IDs,Associated Contact IDs,Lead source
            7001,Acme renewal,closedwon,"12,500.00",rep@ourco.com,9001;9002,101,Referral
            7002,Acme upsell,Presentation Scheduled,800,,9001,,
            7003,Mystery,Stage Nine,1,,,,
            """)
        let (mapping, rows, issues) = try mappedRows(deals, .init(kind: .deal))
        #expect(mapping.preset == .hubspot)
        #expect(rows.map { $0[text: "stage"] } == ["Won", "Proposal"])
        #expect(rows[0].fields["amount"] == money(1_250_000, "USD"))
        #expect(rows[0][text: ImportRow.Reference.companyExternalID] == "9001")
        #expect(rows[0][text: ImportRow.Reference.contactExternalID] == "101")
        #expect(rows[0].fields["tags"] == .tags(["Referral"]))
        #expect(issues.map(\.line) == [4])
    }

    @Test func pipedriveDealsWithStatusAndEuropeanFormats() throws {
        let path = try temporaryFile(
            """
            Deal - ID;Deal - Title;Deal - Value;Deal - Currency;Deal - Stage;Deal - Status;Deal - Owner;Deal - Expected close date;Deal - Organization;Person - Email
            1;Müller GmbH Lizenz;1.234,56;EUR;Proposal Made;open;Anna Admin;31.12.2024;Müller GmbH;hans@mueller.example
            2;Dupont SA;"2 000,00";EUR;Negotiations Started;lost;;2024-06-30;Dupont SA;
            """)
        let (mapping, rows, issues) = try mappedRows(path, .init(kind: .deal))
        #expect(mapping.preset == .pipedrive)
        #expect(issues == [])
        #expect(rows[0].fields["amount"] == money(123_456, "EUR"))
        #expect(rows[0][text: "stage"] == "Proposal")
        #expect(rows[0].fields["close_date"] == .text("2024-12-31"))
        #expect(rows[0][text: ImportRow.Reference.contactEmail] == "hans@mueller.example")
        #expect(rows[1][text: "stage"] == "Lost")
        #expect(rows[1].fields["amount"] == money(200_000, "EUR"))
        #expect(rows[0].id == RecordID.stable(namespace: "import:deal:pipedrive", name: "1"))
    }

    @Test func pipedrivePersonsAndOrganizations() throws {
        let persons = try temporaryFile(
            """
            Person - ID,Person - Name,Person - Email,Person - Phone,Person - Label,Organization - Name
            55,Jürgen Groß,jg@example.de,+49 30 123456,Hot lead,Groß AG
            """)
        let (_, rows, _) = try mappedRows(persons, .init(kind: .contact, preset: .pipedrive))
        #expect(rows.first?[text: "name"] == "Jürgen Groß")
        #expect(rows.first?.fields["tags"] == .tags(["Hot lead"]))
        #expect(rows.first?[text: ImportRow.Reference.company] == "Groß AG")
        let orgs = try temporaryFile("Organization - ID,Organization - Name,Organization - Address\n8,Groß AG,Berlin\n")
        let (_, orgRows, _) = try mappedRows(orgs, .init(kind: .company))
        #expect(orgRows.first?[text: "name"] == "Groß AG")
        #expect(orgRows.first?[text: "address"] == "Berlin")
    }
}

/// The two kinds a whole export adds (issue 17): cases, and the Users file owners resolve through.
@Suite struct CaseAndUserPresetTests {
    @Test(Fixtures.required) func salesforceCasesMapStatusPriorityTimesAndLinks() throws {
        let (mapping, rows, issues) = try mappedRows(
            Fixtures.path("salesforce-export/Case.csv"), .init(kind: .supportCase, preset: .salesforce))
        #expect(mapping.preset == .salesforce && issues == [] && rows.count == 40)
        var statuses: [String: Int] = [:]
        for row in rows { statuses[row[text: "status"] ?? "-", default: 0] += 1 }
        #expect(statuses == ["open": 26, "closed": 14], "open and in_progress are open; Closed is closed")
        #expect(rows.allSatisfy { $0[text: "priority"] == "normal" }, "Medium is our normal")
        let first = try #require(rows.first)
        #expect(first[text: "subject"] == "Regarding Transaction issue")
        #expect(first[text: ImportRow.Reference.contactExternalID] == "003Ec00000Cz30qIAB")
        #expect(first[text: ImportRow.Reference.ownerExternalID] == "005Ec000004oBPNIA2")
        #expect(first.fields["resolved_at"] == .integer(1_706_016_368_000), "ClosedDate 2024-01-23T13:26:08Z")
        #expect(rows.filter { $0.fields["resolved_at"] != nil }.count == 14)
    }

    @Test func aCaseStatusWeDoNotKnowNamesTheColumn() throws {
        let path = try temporaryFile("Subject,Status,Priority\nBroken,Frozen,High\nFine,Working,Critical\n")
        let (_, rows, issues) = try mappedRows(path, .init(kind: .supportCase))
        #expect(issues.map(\.line) == [2])
        #expect(issues.first?.reason.hasPrefix("column 'Status': 'Frozen' is not a case status") == true)
        #expect(rows.first?[text: "status"] == "open" && rows.first?[text: "priority"] == "urgent")
    }

    @Test func aUsersFileGivesIdNameAndEmail() throws {
        let path = try temporaryFile("Id,FirstName,LastName,Email\n005A,Dana,Owner,Dana@Org.example\n")
        let (mapping, rows, issues) = try mappedRows(path, .init(kind: .user, preset: .salesforce))
        #expect(mapping.unmapped.isEmpty && issues.isEmpty)
        #expect(rows.first?[text: "external_id"] == "005A" && rows.first?[text: "name"] == "Dana Owner")
        #expect(rows.first?[text: "email"] == "dana@org.example")
    }
}
