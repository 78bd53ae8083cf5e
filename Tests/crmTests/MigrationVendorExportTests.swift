// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A folder of HubSpot or Pipedrive exports imported with `crm import hubspot DIR` and
/// `crm import pipedrive DIR` (issue 17): each file recognised by the vendor's name for it or, once
/// renamed, by its header, imported in the order that links them, with one report.
///
/// There is no licensed real HubSpot or Pipedrive export to copy, so each test writes a small
/// export folder with the real headers and file names that /work/shared/EXPORT-FORMATS.md
/// documents (HubSpot's `hubspot-crm-exports-all-contacts-DATE.csv` and `Record ID`, `Contact
/// owner`, `Associated Company IDs`; Pipedrive's `Deal - Title`, `Person - Email`, and the
/// `Won time`/`Lost time` the issue names), and made-up rows.
@Suite struct MigrationVendorExportTests {
    /// One vendor's export folder and what importing it must give.
    struct Export: Sendable, CustomTestStringConvertible {
        var vendor: String
        var files: [String: String]
        /// Records created per file.
        var created: [String: Int]
        /// The kind of each file imported, in the order imported.
        var kinds: [String]
        /// The file the test renamed, and the kind its header gives it.
        var renamed: (file: String, kind: String)
        /// Files left out, and a word their reason must hold.
        var leftOut: [String: String]
        var testDescription: String { vendor }
    }

    static let hubspot = Export(
        vendor: "hubspot",
        files: [
            "hubspot-crm-exports-all-companies-2026-11-30.csv": """
            Record ID,Company name,Company Domain Name,Company owner,Create Date,City,Country/Region
            9001,Acme Corp,acme.example,Dana Owner,2024-01-10,Lisbon,Portugal
            9002,Globex,globex.example,Sam Admin,2024-01-11,Porto,Portugal

            """,
            "hubspot-crm-exports-all-contacts-2026-11-30.csv": """
            Record ID,First Name,Last Name,Email,Phone Number,Job Title,Contact owner,Create Date,Associated Company,Associated Company IDs
            501,Ada,Lovelace,ada@acme.example,+351 210 000 001,CTO,Dana Owner,2024-01-12,Acme Corp,9001
            502,Grace,Hopper,grace@globex.example,,Buyer,Sam Admin,2024-01-13,Globex,9002
            503,Alan,Turing,alan@acme.example,,,Dana Owner,2024-01-14,Acme Corp,9001

            """,
            // Saved by a spreadsheet: a byte order mark before the header.
            "my deals (copy).csv": """
            \u{FEFF}Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Company IDs,Associated Contact IDs,Create Date
            7001,Acme renewal,closedwon,12000,2024-03-15,Dana Owner,9001,501;503,2024-02-01
            7002,Globex pilot,closedlost,3000,2024-04-20,Sam Admin,9002,502,2024-02-10
            7003,Acme expansion,appointmentscheduled,8000,2024-12-31,Dana Owner,9001,503,2024-06-01

            """,
            "hubspot-crm-exports-all-tickets-2026-11-30.csv": """
            Ticket ID,Ticket name,Ticket status,Create date
            1,Login fails,New,2024-05-01

            """,
            "budget.csv": "Year,Total\n2024,100\n",
            // A Salesforce file in the folder: its header is Salesforce's, not HubSpot's companies.
            "accounts from the old crm.csv": "Id,Name,Website,Phone,Industry,OwnerId,BillingCity\n001A,Initech,,,,,\n",
        ],
        created: [
            "hubspot-crm-exports-all-companies-2026-11-30.csv": 2, "hubspot-crm-exports-all-contacts-2026-11-30.csv": 3,
            "my deals (copy).csv": 3,
        ],
        kinds: ["company", "contact", "deal"], renamed: ("my deals (copy).csv", "deal"),
        leftOut: [
            "hubspot-crm-exports-all-tickets-2026-11-30.csv": "ticket", "budget.csv": "header",
            "accounts from the old crm.csv": "header",
        ])

    static let pipedrive = Export(
        vendor: "pipedrive",
        files: [
            // The users file's headers are the preset's guess (unverified against a real file).
            "users-7302554-23.csv": """
            User - ID,User - Name,User - Email
            41,Dana Owner,dana@org.example

            """,
            "orgs backup.csv": """
            Organization - ID,Organization - Name,Organization - Address,Organization - Owner,Organization - Organization created
            11,Acme Corp,"1 Main St, Lisbon",Dana Owner,2024-01-10
            12,Globex,,Sam Admin,2024-01-11

            """,
            "people-7302554-23.csv": """
            Person - ID,Person - Name,Person - Email,Person - Phone,Person - Organization,Person - Owner,Person - Person created
            21,Ada Lovelace,ada@acme.example,+351 210 000 001,Acme Corp,Dana Owner,2024-01-12
            22,Grace Hopper,grace@globex.example,,Globex,Sam Admin,2024-01-13
            23,Alan Turing,alan@acme.example,,Acme Corp,Dana Owner,2024-01-14

            """,
            "deals-7302554-23.csv": """
            Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Pipeline,Deal - Stage,Deal - Status,Deal - Owner,Deal - Expected close date,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Organization,Person - ID,Person - Email
            31,Acme renewal,12000,USD,Sales,Negotiations Started,won,Dana Owner,2024-03-31,2024-02-01,2024-03-15 14:30:00,,Acme Corp,21,ada@acme.example
            32,Globex pilot,3000,USD,Sales,Proposal Made,lost,Sam Admin,2024-04-30,2024-02-10,,2024-04-20,Globex,22,grace@globex.example
            33,Acme expansion,8000,USD,Sales,Lead In,open,Dana Owner,2024-12-31,2024-06-01,,,Acme Corp,23,alan@acme.example

            """,
            "activities-7302554-23.csv": """
            Activity - Subject,Activity - Type,Activity - Due date,Activity - Due time,Activity - Done,Activity - Note,Activity - Assigned to user,Deal - ID,Person - ID
            Call Ada,call,2024-03-01,10:30,Done,Asked about the renewal,Dana Owner,31,21
            Send the proposal,task,2024-12-01,,To do,,Sam Admin,33,23

            """,
            "notes-7302554-23.csv": """
            Note - Content,Note - Deal,Note - Person
            Likes blue,Acme renewal,Ada Lovelace

            """,
        ],
        created: [
            "users-7302554-23.csv": 1, "orgs backup.csv": 2, "people-7302554-23.csv": 3, "deals-7302554-23.csv": 3,
            "activities-7302554-23.csv": 2,
        ],
        kinds: ["user", "company", "contact", "deal", "activity"], renamed: ("orgs backup.csv", "company"),
        leftOut: ["notes-7302554-23.csv": "notes"])

    /// A database in UTC at a pinned time, and the export folder written next to it.
    func setUp(_ export: Export) throws -> (CLI, URL) {
        let cli = try CLI()
        cli.environment["TZ"] = "UTC"
        cli.environment["CRM_NOW"] = "2026-12-01T12:00:00Z"
        try cli.ok("init", "--user", "Ana")
        let folder = cli.folder.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in export.files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (cli, folder)
    }

    static func created(_ report: [String: Any]) -> [String: Int] {
        let files = report["files"] as? [[String: Any]] ?? []
        return Dictionary(
            files.map {
                (URL(fileURLWithPath: $0["file"] as? String ?? "").lastPathComponent, $0["created"] as? Int ?? -1)
            }
        ) { first, _ in first }
    }

    @Test(arguments: [hubspot, pipedrive])
    func theWholeExportIsImportedAndLinked(_ export: Export) throws {
        let (cli, folder) = try setUp(export)
        let report = try cli.ok("import", export.vendor, folder.path, "--json").object
        #expect(Self.created(report) == export.created)
        let files = report["files"] as? [[String: Any]] ?? []
        #expect(files.map { $0["kind"] as? String } == export.kinds, "import order")
        #expect(files.allSatisfy { ($0["skipped"] as? [Any])?.isEmpty == true }, "\(files)")
        let renamed = files.first { ($0["file"] as? String ?? "").hasSuffix(export.renamed.file) }
        #expect(renamed?["kind"] as? String == export.renamed.kind, "a renamed file is recognised by its header")
        #expect(report["unresolved"] as? Int == 0)
        let left = report["not_imported"] as? [[String: Any]] ?? []
        #expect(Set(left.compactMap { $0["file"] as? String }) == Set(export.leftOut.keys))
        for entry in left {
            let word = export.leftOut[entry["file"] as? String ?? ""] ?? "?"
            #expect((entry["reason"] as? String ?? "").contains(word), "\(entry)")
        }
        #expect(try cli.count("contact") == 3 && cli.count("company") == 2 && cli.count("deal") == 3)

        let ada = try cli.ok("contact", "show", "ada@acme.example", "--json").object
        #expect(ada["company"] as? String == "Acme Corp" && ada["owner"] as? String == "Dana Owner", "\(ada)")
        let renewal = try cli.ok("deal", "show", "Acme renewal", "--json").object
        #expect(renewal["company"] as? String == "Acme Corp" && renewal["owner"] as? String == "Dana Owner")
        #expect(renewal["contact"] as? String == "Ada Lovelace", "the first of the associated ids: \(renewal)")
        #expect(renewal["stage"] as? String == "Won")
        let won = export.vendor == "pipedrive" ? "2024-03-15T14:30:00" : "2024-03-15T23:59:59"
        #expect((renewal["closed_at"] as? String ?? "").hasPrefix(won), "\(renewal["closed_at"] ?? "none")")
        let pilot = try cli.ok("deal", "show", "Globex pilot", "--json").object
        #expect(pilot["stage"] as? String == "Lost")
        #expect((pilot["closed_at"] as? String ?? "").hasPrefix("2024-04-20T23:59:59"), "\(pilot)")
        let open = try cli.ok("deal", "show", "Acme expansion", "--json").object
        #expect(open["closed_at"] == nil || open["closed_at"] is NSNull, "an open deal is not closed")

        let verify = try cli.ok("import", "verify", folder.path, "--preset", export.vendor, "--json").object
        #expect((verify["differences"] as? [Any])?.isEmpty == true, "\(verify["differences"] ?? "")")
        let source = verify["source"] as? [String: Any] ?? [:]
        #expect(source["won"] as? Int == 1 && source["lost"] as? Int == 1, "\(source)")

        let team = try cli.ok("team", "list", "--json").array
        let owners = team.filter { ["Dana Owner", "Sam Admin"].contains($0["name"] as? String) }
        #expect(owners.count == 2 && owners.allSatisfy { $0["active"] as? Bool == false }, "\(team)")
        if export.kinds.contains("activity") {
            let activities = try cli.ok("activity", "list", "--deal", "Acme renewal", "--json").array
            let call = activities.first { $0["subject"] as? String == "Call Ada" }
            #expect(activities.count == 1 && call?["kind"] as? String == "call", "\(activities)")
            #expect(call?["due_at"] as? String == "2024-03-01T10:30:00.000Z", "the due date at its due time")
            #expect(call?["owner"] as? String == "Dana Owner" && call?["contact_id"] as? String == ada["id"] as? String)
            let task = try cli.ok("activity", "list", "--contact", "alan@acme.example", "--json").array.first
            #expect(task?["kind"] as? String == "task" && task?["done"] as? Bool == false, "\(task ?? [:])")
        }
        if export.kinds.contains("user") {
            let dana = owners.first { $0["name"] as? String == "Dana Owner" }
            #expect(dana?["email"] as? String == "dana@org.example", "the users file's member owns the records")
        }
    }

    @Test(arguments: [hubspot, pipedrive])
    func aDryRunWritesNothingAndAReimportChangesNothing(_ export: Export) throws {
        let (cli, folder) = try setUp(export)
        let empty = try MigrationExportTests.state(of: cli)
        let dry = try cli.ok("import", export.vendor, folder.path, "--dry-run", "--json").object
        #expect(try MigrationExportTests.state(of: cli) == empty, "the dry run wrote nothing")
        #expect(Self.created(dry) == export.created, "and counted what the real run creates")
        try cli.ok("import", export.vendor, folder.path)
        let before = try MigrationExportTests.state(of: cli)
        let again = try cli.ok("import", export.vendor, folder.path, "--json").object
        for file in again["files"] as? [[String: Any]] ?? [] {
            #expect(file["created"] as? Int == 0 && file["updated"] as? Int == 0, "\(file)")
            #expect(file["import_id"] == nil, "no change-log entry: \(file["file"] ?? "")")
        }
        #expect(try MigrationExportTests.state(of: cli) == before)
    }

    @Test func aFolderWithNoneOfTheVendorsFilesIsRefusedWithTheNamesItWants() throws {
        let (cli, folder) = try setUp(
            Export(
                vendor: "pipedrive", files: ["budget.csv": "Year,Total\n2024,1\n"],
                created: [:], kinds: [], renamed: ("", ""), leftOut: [:]))
        let result = try cli.run("--db", cli.db, "import", "pipedrive", folder.path)
        #expect(result.code != 0 && result.stderr.contains("no pipedrive export files"), "\(result.stderr)")
        #expect(result.stderr.contains("people.csv") && result.stderr.contains("deals.csv"))
    }
}
