// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Custom fields in CSV import (issue 19): `--map` onto a defined field, and `--create-fields`.
@Suite struct CustomFieldImportTests {
    static var fixturesRequired: ConditionTrait { InterchangeCommandTests.fixturesRequired }

    @Test(fixturesRequired) func everyCustomColumnOfASalesforceExportBecomesASearchableField() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = "2026-12-01T12:00:00Z"
        try cli.ok("init", "--user", "ana")
        let path = InterchangeCommandTests.fixtures.appendingPathComponent("salesforce-export/Opportunity.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")).split(separator: ",")
        let custom = header.map(String.init).filter { $0.hasSuffix("__c") }
        #expect(custom.count >= 2)

        let imported = try cli.ok("import", "csv", path, "--kind", "deal", "--create-fields").stdout
        #expect(imported.contains("created: \(lines.count - 1)  updated: 0  skipped: 0"), "\(imported)")
        let fields = try cli.ok("field", "list", "deal", "--json").array
        for column in custom {
            let name = String(column.dropLast(3)).replacingOccurrences(of: "_", with: " ")
            #expect(
                fields.contains { [name, column].contains($0["name"] as? String) },
                "\(column) became a field: \(fields)")
        }
        #expect(fields.count == custom.count, "only the export's custom columns become fields")
        let product = try #require(fields.first { $0["name"] as? String == "Product" })
        #expect(product["type"] as? String == "one-of", "a column of few repeated values is one-of")
        #expect((product["choices"] as? [String])?.contains("Merchant Services") == true)
        let external = try #require(fields.first { $0["key"] as? String == "external_id_c" })
        #expect(external["type"] as? String == "text", "a name taken by a built-in field keeps its column's name")

        let merchant = lines.dropFirst().filter { $0.hasSuffix(",Merchant Services") }.count
        let listed = try cli.ok("deal", "list", "--where", "Product=Merchant Services", "--json", "--limit", "500")
        #expect(listed.array.count == merchant && merchant > 0)
        #expect(
            listed.array.allSatisfy { ($0["custom"] as? [String: Any])?["product"] as? String == "Merchant Services" })
        let shown = try cli.ok("deal", "show", listed.array[0]["id"] as? String ?? "", "--json").object
        #expect((shown["custom"] as? [String: Any])?["product"] as? String == "Merchant Services")
        let found = try cli.ok("search", "ext_opportunity_14", "--json").array
        #expect(found.count == 1 && found[0]["kind"] as? String == "deal", "custom text values are searchable")
    }

    @Test func aMappedColumnFillsACustomFieldAndABadCellSkipsItsRowNamingTheField() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "ana")
        try cli.ok("field", "add", "contact", "Region", "--type", "one-of", "--choices", "North,South,East,West")
        try cli.ok("field", "add", "contact", "Since", "--type", "date")
        let path = cli.folder.appendingPathComponent("people.csv").path
        let csv = """
            Name,Email,Region__c,Since
            Ann Able,ann@example.com,north,03/04/2025
            Bo Bell,bo@example.com,West,2024-12-01
            Cy Cole,cy@example.com,Middle,

            """
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let result = try cli.ok("import", "csv", path, "--kind", "contact", "--map", "Region__c=Region").stdout
        #expect(result.contains("created: 2  updated: 0  skipped: 1"), "\(result)")
        #expect(result.contains("Region 'Middle'"), "the refused row names the field: \(result)")
        let ann = try cli.ok("contact", "show", "Ann Able", "--json").object["custom"] as? [String: Any]
        #expect(ann?["region"] as? String == "North" && ann?["since"] as? String == "2025-03-04")
        let again = try cli.ok("import", "csv", path, "--kind", "contact", "--map", "Region__c=Region").stdout
        #expect(
            again.contains("created: 0  updated: 0  unchanged: 2  skipped: 1"), "a re-import changes nothing: \(again)")
        let unknown = try cli.run("import", "csv", path, "--kind", "contact", "--map", "Region__c=Zone")
        #expect(unknown.code == 64 || unknown.code == 65)
        #expect(unknown.stderr.contains("custom field"), "\(unknown.stderr)")
    }

    @Test func anExportCarriesCustomFieldsAndImportsBackOntoThem() throws {
        let source = try CLI()
        let target = try CLI()
        for cli in [source, target] {
            try cli.ok("init", "--user", "ana")
            try cli.ok("field", "add", "contact", "Region", "--type", "one-of", "--choices", "North,South")
            try cli.ok("field", "add", "contact", "Score", "--type", "number")
            try cli.ok("field", "add", "contact", "Renewal date", "--type", "date")
        }
        try source.ok(
            "contact", "add", "--name", "Ann Able", "--email", "ann@example.com", "--set", "Region=South", "--set",
            "Score=12.5", "--set", "Renewal date=2027-03-01")
        let csv = try source.ok("export", "csv", "--kind", "contact").stdout
        #expect(csv.hasPrefix("id,") && csv.contains(",Region,Score,Renewal date"), "\(csv)")
        let path = target.folder.appendingPathComponent("export.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let imported = try target.ok("import", "csv", path, "--kind", "contact").stdout
        #expect(imported.contains("created: 1"), "\(imported)")
        let custom = { (cli: CLI) throws -> String in
            let object = try cli.ok("contact", "show", "Ann Able", "--json").object["custom"] ?? [:]
            return String(
                decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try custom(target) == custom(source))
        #expect(try custom(target).contains("\"score\":12.5"))
    }

    @Test func vCardsCarryCustomFieldsAsXProperties() throws {
        let source = try CLI()
        let target = try CLI()
        for cli in [source, target] {
            try cli.ok("init", "--user", "ana")
            try cli.ok("field", "add", "contact", "Region", "--type", "one-of", "--choices", "North,South")
            try cli.ok("field", "add", "contact", "Renewal date", "--type", "date")
            try cli.ok("field", "add", "contact", "LinkedIn")
        }
        try source.ok(
            "contact", "add", "--name", "Ann Able", "--email", "ann@example.com", "--set", "Region=South", "--set",
            "Renewal date=2027-03-01")
        let cards = try source.ok("export", "vcard").stdout
        #expect(cards.contains("X-CRM-CUSTOM-REGION:South") && cards.contains("X-CRM-CUSTOM-RENEWAL-DATE:2027-03-01"))
        let other =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Bell\r\nX-LINKEDIN:linkedin.com/in/bo\r\nX-ABUID:1\r\nEND:VCARD\r\n"
        let path = target.folder.appendingPathComponent("cards.vcf").path
        try Data((cards + other).utf8).write(to: URL(fileURLWithPath: path))
        let imported = try target.ok("import", "vcard", path).stdout
        #expect(imported.contains("created: 2"), "\(imported)")
        let ann = try target.ok("contact", "show", "Ann Able", "--json").object["custom"] as? [String: Any]
        #expect(ann?["region"] as? String == "South" && ann?["renewal_date"] as? String == "2027-03-01")
        let bo = try target.ok("contact", "show", "Bo Bell", "--json").object["custom"] as? [String: Any]
        #expect(bo?["linkedin"] as? String == "linkedin.com/in/bo", "another app's X- property fills the field")
    }
}
