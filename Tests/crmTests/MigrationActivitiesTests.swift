// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// The activities of a Salesforce export (issue 17): `crm import salesforce DIR` imports
/// `Task.csv` after the records it names, and each task comes with the contact and account its
/// `WhoId`, `WhatId` and `AccountId` name, as the test counts them from the file itself.
@Suite struct MigrationActivitiesTests {
    let export = MigrationExportTests()

    @Test(InterchangeCommandTests.fixturesRequired)
    func tasksComeWithTheContactsAndAccountsTheyName() throws {
        let cli = try export.cli()
        let folder = try export.exportFolder(in: cli)
        let report = try cli.ok("import", "salesforce", folder.path).stdout
        #expect(
            report.contains("activities about a lead, which crm does not import, have no contact (15)"), "\(report)")

        let rows = MigrationDatesTests.records(try String(contentsOf: MigrationExportTests.tasks, encoding: .utf8))
        let header = rows[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let (who, what, account, subject) = (
            try #require(header.firstIndex(of: "WhoId")), try #require(header.firstIndex(of: "WhatId")),
            try #require(header.firstIndex(of: "AccountId")), try #require(header.firstIndex(of: "Subject"))
        )
        let tasks = rows.dropFirst().filter { $0.count == header.count }
        let contacts = try Self.emails(of: cli)
        var expected: [String: Int] = [:]
        for task in tasks where task[who].hasPrefix("003") {
            expected[try #require(contacts[task[who]]), default: 0] += 1
        }
        for (email, count) in expected {
            let listed = try cli.ok("activity", "list", "--contact", email, "--json").array
            #expect(listed.count == count, "\(email)")
            #expect(listed.allSatisfy { $0["kind"] as? String == "task" && $0["done"] as? Bool == false })
        }
        let all = try cli.ok("activity", "list", "--limit", "500", "--json").array
        #expect(all.count == tasks.count)
        #expect(all.filter { $0["contact_id"] is String }.count == expected.values.reduce(0, +))
        let withAccount = tasks.filter { $0[account].hasPrefix("001") || $0[what].hasPrefix("001") }
        #expect(all.filter { $0["company_id"] is String }.count == withAccount.count)
        #expect(Set(all.compactMap { $0["subject"] as? String }) == Set(tasks.map { $0[subject] }))
        #expect(all.allSatisfy { $0["owner"] as? String == "Dana Owner" }, "OwnerId through User.csv")
    }

    /// Tasks imported before the opportunity and the case they are about keep those references,
    /// and the Opportunity and Case files set them.
    @Test(InterchangeCommandTests.fixturesRequired)
    func tasksAboutOpportunitiesAndCasesWaitForThem() throws {
        let cli = try export.cli()
        let tasks = cli.folder.appendingPathComponent("Task.csv")
        try """
        Id,WhoId,WhatId,Subject,ActivityDate,Status,OwnerId,IsClosed,TaskSubtype
        00TEc00000Zz0001AAA,,006Ec00000AieKFIAZ,Send the merchant terms,2024-11-01,Completed,,1,Call
        00TEc00000Zz0002AAA,000000000000000AAA,500Ec000009YUY8IAO,Check the transaction,2024-01-22,Not Started,,0,Task

        """.write(to: tasks, atomically: true, encoding: .utf8)
        try cli.ok("import", "csv", tasks.path, "--kind", "activity")
        let waiting = try cli.ok("import", "check", "--json").array
        #expect(Set(waiting.compactMap { $0["source_id"] as? String }) == ["006Ec00000AieKFIAZ", "500Ec000009YUY8IAO"])
        for (file, kind) in [("Opportunity.csv", "deal"), ("Case.csv", "case")] {
            let path = MigrationExportTests.source.appendingPathComponent(file).path
            try cli.ok("import", "csv", path, "--kind", kind, "--preset", "salesforce")
        }
        #expect(
            try cli.ok("import", "check", "--json").array.allSatisfy {
                !["006Ec00000AieKFIAZ", "500Ec000009YUY8IAO"].contains($0["source_id"] as? String)
            })
        let deal = "Patterson-Hansen - Merchant Services - November 2024"
        let onDeal = try cli.ok("activity", "list", "--deal", deal, "--json").array
        #expect(onDeal.map { $0["kind"] as? String } == ["call"], "a completed Call task is a logged call")
        let all = try cli.ok("activity", "list", "--json").array
        let onCase = all.first { $0["subject"] as? String == "Check the transaction" }
        #expect(onCase?["case_id"] is String && onCase?["kind"] as? String == "task")
    }

    /// Each contact's email by its Salesforce id, from Contact.csv.
    static func emails(of cli: CLI) throws -> [String: String] {
        let file = MigrationExportTests.source.appendingPathComponent("Contact.csv")
        let rows = MigrationDatesTests.records(try String(contentsOf: file, encoding: .utf8))
        let header = rows[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let (id, email) = (try #require(header.firstIndex(of: "Id")), try #require(header.firstIndex(of: "Email")))
        var emails: [String: String] = [:]
        for row in rows.dropFirst() where row.count == header.count { emails[row[id]] = row[email].lowercased() }
        return emails
    }
}
