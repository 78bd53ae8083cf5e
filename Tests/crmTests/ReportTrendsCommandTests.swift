// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// `crm report trends` through the built binary, on `ReportCommandTests`' history, in New York
/// time: deals A–D created on 1 October, C won late on 31 October, a case opened on 15 November.
@Suite struct ReportTrendsCommandTests {
    @Test func jsonGivesTheSeries() throws {
        let cli = try ReportCommandTests.fixture()
        let report = try cli.ok("report", "trends", "--json").object
        let sales = report["sales"] as? [[String: Any]] ?? []
        #expect(sales.count == 12)
        #expect(sales.last?["from"] as? String == "2026-11-09")
        #expect(sales.last?["to"] as? String == "2026-11-15")
        #expect(sales.compactMap { $0["won"] as? Int } == Array(repeating: 0, count: 9) + [1, 0, 0])
        #expect(ReportCommandTests.amounts(sales[9]["won_amounts"]) == ["300.00 USD"], "week of 26 October")
        #expect(sales.compactMap { $0["new_deals"] as? Int } == [0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0])
        let cases = report["cases"] as? [[String: Any]] ?? []
        #expect(cases.count == 14)
        #expect(cases.last?["day"] as? String == "2026-11-15")
        #expect(cases.compactMap { $0["opened"] as? Int } == Array(repeating: 0, count: 13) + [1])
        let sla = report["sla"] as? [[String: Any]] ?? []
        #expect(sla.count == 12)
        #expect(sla.allSatisfy { $0["compliance"] is NSNull && $0["resolved"] as? Int == 0 })
    }

    @Test func chartDrawsSparklinesAndBars() throws {
        let cli = try ReportCommandTests.fixture()
        cli.environment["LANG"] = "C.UTF-8"
        let chart = try cli.ok("report", "trends", "--chart").stdout
        #expect(chart.contains("  Won         ▁▁▁▁▁▁▁▁▁█▁▁  1 won\n"))
        #expect(chart.contains("  Won USD     ▁▁▁▁▁▁▁▁▁█▁▁  300.00 USD\n"))
        #expect(chart.contains("  New deals   ▁▁▁▁▁█▁▁▁▁▁▁  4 new\n"))
        #expect(chart.contains("  Opened      ▁▁▁▁▁▁▁▁▁▁▁▁▁█  1\n"))
        #expect(
            chart.contains("  SLA" + String(repeating: " ", count: 9 + 12 + 2) + "nothing resolved\n"),
            "twelve weeks with nothing resolved are twelve gaps")
        #expect(chart.contains("  2026-10-26  " + String(repeating: "█", count: 30) + " 1\n"))
        let ascii = try cli.ok("report", "trends", "--chart", "--ascii").stdout
        #expect(ascii.contains("  Won         _________#__  1 won\n"))
        #expect(!ascii.contains("█"))
        cli.environment["LANG"] = "C"
        #expect(!(try cli.ok("report", "trends", "--chart").stdout.contains("█")), "no UTF-8 locale, no blocks")
    }

    @Test func tablesByDefault() throws {
        let cli = try ReportCommandTests.fixture()
        let table = try cli.ok("report", "trends").stdout
        #expect(table.contains("2026-10-26..2026-11-01  1    300.00 USD"))
        #expect(table.contains("2026-11-15  1       0"))
    }
}
