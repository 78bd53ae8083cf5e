// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// An imported closed deal keeps its source's close date and history (issue 17): the forecast by
/// month and the cycle come out as in the source, not on the day of the import.
@Suite struct MigrationDatesTests {
    static let opportunities = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/fixtures/salesforce-export/Opportunity.csv")

    func cli() throws -> CLI {
        let cli = try CLI()
        cli.environment["TZ"] = "UTC"
        try cli.ok("init", "--user", "Ana")
        return cli
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: opportunities.path),
            "needs ../shared/fixtures/salesforce-export/Opportunity.csv beside the clone"))
    func wonDealsLandInTheMonthsTheSourceClosedThem() throws {
        let cli = try cli()
        try cli.ok("import", "csv", Self.opportunities.path, "--kind", "deal", "--preset", "salesforce")
        let rows = try Self.records(String(contentsOf: Self.opportunities, encoding: .utf8))
        let header = rows[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let stage = try #require(header.firstIndex(of: "StageName"))
        let close = try #require(header.firstIndex(of: "CloseDate"))
        var expected: [String: Int] = [:]
        for row in rows.dropFirst() where row.count > close && row[stage] == "Closed Won" {
            expected[String(row[close].prefix(7)), default: 0] += 1
        }
        #expect(expected.values.reduce(0, +) == 12)
        let forecast =
            try cli.ok(
                "report", "forecast", "--from", "2023-01-01", "--to", "2024-12-31", "--period", "month", "--json"
            ).object["periods"] as? [[String: Any]] ?? []
        var reported: [String: Int] = [:]
        for period in forecast {
            if let label = period["period"] as? String, let won = period["won_count"] as? Int, won > 0 {
                reported[label] = won
            }
        }
        #expect(reported == expected, "won per month as the source closed them")
        let deal = try cli.ok("deal", "show", "Hill Group - Business Loans - June 2023", "--json").object
        #expect(deal["closed_at"] as? String == "2023-06-17T23:59:59.999Z", "the end of the source's close day")
    }

    @Test func aClosedDealsHistoryStartsAtItsCreationAndEndsAtItsClose() throws {
        let cli = try cli()
        let file = cli.folder.appendingPathComponent("deals.csv")
        try """
        Name,Amount,StageName,CreatedDate,CloseDate
        Alpha,1000,Closed Won,2024-01-10T09:00:00Z,2024-03-01
        Beta,2000,Closed Won,2024-02-01T09:00:00Z,2024-02-11
        Gamma,500,Negotiation,2024-02-01T09:00:00Z,2024-12-31
        """.write(to: file, atomically: true, encoding: .utf8)
        try cli.ok("import", "csv", file.path, "--kind", "deal", "--preset", "salesforce")
        let cycle = try cli.ok("report", "cycle", "--json").object
        let periods = cycle["periods"] as? [[String: Any]] ?? []
        let days = try #require(periods.first?["average_days"] as? Double)
        // Alpha: 2024-01-10 09:00 to 2024-03-01 23:59:59.999; Beta: 2024-02-01 09:00 to 2024-02-11 23:59:59.999.
        let alpha = (Double(51 * 86_400_000) + Double(15 * 3_600_000) - 1) / 86_400_000
        let beta = (Double(10 * 86_400_000) + Double(15 * 3_600_000) - 1) / 86_400_000
        #expect(abs(days - (alpha + beta) / 2) < 0.1, "cycle \(days)")
        let timeline = try cli.ok("deal", "show", "Alpha").stdout
        #expect(timeline.contains("stage Lead → Won") && timeline.contains("stage — → Lead"), "\(timeline)")
        #expect(try cli.ok("deal", "show", "Gamma", "--json").object["closed_at"] is NSNull, "open deals stay open")
    }

    /// The records of a CSV text, quotes and doubled quotes read as RFC 4180 says, for the test's
    /// own count of what the source file holds.
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    quoted = false
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                if field.last == "\"" || !field.isEmpty { field.append(character) }
                quoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" {
                record.append(field)
                records.append(record)
                (record, field) = ([], "")
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
        return records
    }
}
