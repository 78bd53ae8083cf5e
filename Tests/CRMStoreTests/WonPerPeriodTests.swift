// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@testable import CRMStore

/// Won deals per week in one pass over the totals must equal the per-period reads the forecast
/// uses, in a time zone whose weeks start mid-UTC-day, across a daylight-saving change.
@Suite struct WonPerPeriodTests {
    @Test func onePassEqualsOneReadPerWeek() throws {
        let test = try TestStore(now: Int64(CivilTime(year: 2026, month: 11, day: 25, hour: 12).unixSeconds) * 1000)
        var generator = DemoGenerator(store: test.store, seed: 3)
        _ = try generator.generate(contacts: 1500)
        for zone in ["America/New_York", "Asia/Kolkata", "UTC"] {
            let weeks = AnalyticsPeriod.lastWeeks(
                12, endingAt: test.now, in: TimeZone(identifier: zone) ?? .current)
            let (onePass, perWeek) = try test.store.summaries { reader in
                (
                    try reader.wonDeals(in: weeks),
                    try weeks.map { try reader.closedDeals(in: $0).filter { $0.kind == .won } }
                )
            }
            #expect(onePass.joined().reduce(0) { $0 + $1.count } > 20, "demo data wins in most weeks")
            for (index, week) in weeks.enumerated() {
                var expected: [String: (Int, Int64, Int64)] = [:]
                for group in perWeek[index] {
                    let sum = expected[group.currency] ?? (0, 0, 0)
                    expected[group.currency] = (
                        sum.0 + group.count, sum.1 + group.amount, sum.2 + group.cycleMillis
                    )
                }
                let got = Dictionary(
                    uniqueKeysWithValues: onePass[index].map { ($0.currency, ($0.count, $0.amount, $0.cycleMillis)) })
                #expect(got.keys.sorted() == expected.keys.sorted(), "\(zone) \(week.label)")
                for (code, sum) in expected {
                    #expect(
                        got[code].map { [$0.0, Int($0.1), Int($0.2)] } == [sum.0, Int(sum.1), Int(sum.2)],
                        "\(zone) \(week.label) \(code)")
                }
            }
        }
    }
}
