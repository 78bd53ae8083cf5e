// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// `crm report` through the built binary, on data written by `crm` itself, in New York time.
@Suite struct ReportCommandTests {
    /// Four deals and a case (Docs/ANALYTICS.md, "CLI example"): A open Lead 1000 USD due 31 Oct; B open
    /// Negotiation 500 EUR due 1 Nov; C 300 USD won at 23:30 on 31 Oct New York time; D 200 JPY lost.
    static func fixture(zone: String = "America/New_York") throws -> CLI {
        let cli = try CLI()
        cli.environment["TZ"] = zone
        cli.environment["CRM_NOW"] = "2026-10-01T00:00:00Z"
        try cli.ok("init", "--user", "Rep")
        try cli.ok("deal", "add", "--title", "A", "--amount", "1000.00", "--close-date", "2026-10-31")
        try cli.ok("deal", "add", "--title", "B", "--amount", "500", "--currency", "EUR", "--stage", "Negotiation", "--close-date", "2026-11-01")
        try cli.ok("deal", "add", "--title", "C", "--amount", "300.00")
        try cli.ok("deal", "add", "--title", "D", "--amount", "200", "--currency", "JPY")
        cli.environment["CRM_NOW"] = "2026-10-11T00:00:00Z"
        try cli.ok("deal", "lost", "D", "--reason", "price")
        cli.environment["CRM_NOW"] = "2026-11-01T03:30:00Z"
        try cli.ok("deal", "won", "C")
        cli.environment["CRM_NOW"] = "2026-11-15T10:00:00Z"
        try cli.ok("case", "open", "--subject", "Down", "--priority", "urgent")
        try cli.ok("activity", "add", "--kind", "task", "--subject", "Call back", "--due", "2026-11-14 09:00")
        cli.environment["CRM_NOW"] = "2026-11-15T12:00:00Z"
        return cli
    }

    static func amounts(_ value: Any?) -> [String] {
        (value as? [[String: Any]] ?? []).map { "\($0["amount"] as? String ?? "?") \($0["currency"] as? String ?? "?")" }
    }

    @Test func pipelineJSONAndTable() throws {
        let cli = try Self.fixture()
        let report = try cli.ok("report", "pipeline", "--json").object
        let stages = report["stages"] as? [[String: Any]] ?? []
        #expect(stages.compactMap { $0["stage"] as? String } == ["Lead", "Qualified", "Proposal", "Negotiation"])
        #expect(stages.compactMap { $0["count"] as? Int } == [1, 0, 0, 1])
        #expect(Self.amounts(stages.first?["weighted"]) == ["100.00 USD"])
        #expect(Self.amounts(report["amounts"]) == ["500.00 EUR", "1000.00 USD"])
        #expect(Self.amounts(report["weighted"]) == ["375.00 EUR", "100.00 USD"])
        #expect(report["stale_count"] as? Int == 2)
        let table = try cli.ok("report", "pipeline").stdout
        #expect(table.contains("Lead" + String(repeating: " ", count: 9) + "10%   1      1,000.00 USD" + String(repeating: " ", count: 14) + "100.00 USD\n"))
        #expect(table.contains("Total" + String(repeating: " ", count: 14) + "2      500.00 EUR, 1,000.00 USD  375.00 EUR, 100.00 USD\n"))
    }

    @Test func forecastByMonthInNewYorkAndInUTC() throws {
        let cli = try Self.fixture()
        let periods = try cli.ok("report", "forecast", "--from", "2026-10-01", "--to", "2026-11-30", "--json").object["periods"] as? [[String: Any]] ?? []
        #expect(periods.compactMap { $0["period"] as? String } == ["2026-10", "2026-11"])
        #expect(Self.amounts(periods[0]["closed_won"]) == ["300.00 USD"])
        #expect(Self.amounts(periods[0]["commit"]) == ["300.00 USD"])
        #expect(Self.amounts(periods[0]["best_case"]) == ["1300.00 USD"])
        #expect(Self.amounts(periods[0]["weighted"]) == ["400.00 USD"])
        #expect(Self.amounts(periods[1]["closed_won"]) == [])
        #expect(Self.amounts(periods[1]["commit"]) == ["500.00 EUR"])
        #expect(Self.amounts(periods[1]["weighted"]) == ["375.00 EUR"])
        #expect(periods[1]["to"] as? String == "2026-11-30")
        // In UTC the same win lands in November.
        cli.environment["TZ"] = "UTC"
        let utc = try cli.ok("report", "forecast", "--from", "2026-10-01", "--to", "2026-11-30", "--json").object["periods"] as? [[String: Any]] ?? []
        #expect(Self.amounts(utc[0]["closed_won"]) == [])
        #expect(Self.amounts(utc[1]["closed_won"]) == ["300.00 USD"])
    }

    @Test func forecastByQuarter() throws {
        let cli = try Self.fixture()
        let periods = try cli.ok("report", "forecast", "--period", "quarter", "--json").object["periods"] as? [[String: Any]] ?? []
        #expect(periods.compactMap { $0["period"] as? String } == ["2026-Q4"])
        #expect(periods.first?["won_count"] as? Int == 1)
        #expect(Self.amounts(periods.first?["commit"]) == ["500.00 EUR", "300.00 USD"])
        #expect(Self.amounts(periods.first?["best_case"]) == ["500.00 EUR", "1300.00 USD"])
        #expect(Self.amounts(periods.first?["weighted"]) == ["375.00 EUR", "400.00 USD"])
    }

    @Test func winRateCycleFunnelAndLeaderboard() throws {
        let cli = try Self.fixture()
        let rate = (try cli.ok("report", "winrate", "--json").object["periods"] as? [[String: Any]])?.first ?? [:]
        #expect(rate["period"] as? String == "all")
        #expect(rate["won"] as? Int == 1 && rate["lost"] as? Int == 1)
        #expect(rate["win_rate"] as? Double == 0.5)
        let byValue = rate["win_rate_by_value"] as? [[String: Any]] ?? []
        #expect(byValue.compactMap { $0["currency"] as? String } == ["JPY", "USD"])
        #expect(byValue.compactMap { $0["rate"] as? Double } == [0, 1])
        let cycle = (try cli.ok("report", "cycle", "--json").object["periods"] as? [[String: Any]])?.first ?? [:]
        // 31 days and 3.5 hours: 31.1458 days; velocity 1 × 300.00 × 100% ÷ 31.1458 = 9.63 USD a day.
        #expect(cycle["average_days"] as? Double == 31.15)
        let velocity = cycle["velocity"] as? [[String: Any]] ?? []
        #expect(velocity.compactMap { $0["per_day"] as? String } == ["9.63"])
        let funnel = (try cli.ok("report", "funnel", "--json").object["periods"] as? [[String: Any]])?.first?["stages"] as? [[String: Any]] ?? []
        #expect(funnel.compactMap { $0["reached"] as? Int } == [4, 2, 2, 2, 1])
        #expect(funnel.compactMap { $0["conversion_to_next"] as? Double } == [0.5, 1, 1, 0.5])
        #expect(funnel.last?["conversion_to_next"] is NSNull)
        let owners = (try cli.ok("report", "leaderboard", "--json").object["periods"] as? [[String: Any]])?.first?["owners"] as? [[String: Any]] ?? []
        #expect(owners.compactMap { $0["name"] as? String } == ["Rep"])
        #expect(owners.first?["won"] as? Int == 1 && owners.first?["open_count"] as? Int == 2)
        #expect(Self.amounts(owners.first?["won_amounts"]) == ["300.00 USD"])
    }

    @Test func slaReport() throws {
        let cli = try Self.fixture()
        let report = try cli.ok("report", "sla", "--json").object
        let period = (report["periods"] as? [[String: Any]])?.first ?? [:]
        #expect(period["total"] as? Int == 1)
        #expect(period["breached"] as? Int == 1)
        #expect((period["by_status"] as? [String: Int])?["new"] == 1)
        let first = period["first_response"] as? [String: Any] ?? [:]
        #expect(first["breached"] as? Int == 1 && first["compliance"] as? Double == 0)
        #expect((period["resolution"] as? [String: Any])?["ok"] as? Int == 1)
        #expect(period["mean_first_response_minutes"] is NSNull)
        let tasks = report["overdue_tasks"] as? [[String: Any]] ?? []
        #expect(tasks.first?["count"] as? Int == 1)
        #expect(tasks.first?["oldest_due"] as? String == "2026-11-14T14:00:00.000Z")
        #expect(try cli.ok("report", "sla").stdout.contains("first response  0    1         0        0   0.0%"))
    }

    @Test func emptyDatabaseReportsZeros() throws {
        let cli = try CLI()
        let pipeline = try cli.ok("report", "pipeline", "--json").object
        #expect(pipeline["count"] as? Int == 0)
        #expect(Self.amounts(pipeline["amounts"]) == [])
        let rate = (try cli.ok("report", "winrate", "--json").object["periods"] as? [[String: Any]])?.first ?? [:]
        #expect(rate["win_rate"] is NSNull)
    }

    @Test func badPeriodOptionsAreUsageErrors() throws {
        let cli = try CLI()
        for arguments in [
            ["report", "forecast", "--to", "2026-11-01"], ["report", "winrate", "--period", "week"],
            ["report", "sla", "--from", "2026-11-05", "--to", "2026-11-01"], ["report", "cycle", "--from", "2026-02-30"],
        ] {
            let result = try cli.run(arguments: ["--db", cli.db] + arguments)
            #expect(result.code == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("crm: error: "), "\(arguments)")
        }
    }
}
