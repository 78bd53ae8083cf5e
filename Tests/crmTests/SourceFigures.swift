// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// What a Salesforce `Opportunity.csv` says by itself, counted by the test (not by crm): won
/// deals per close month with their value, won and lost, the average cycle of won deals from
/// `CreatedDate` to the end of their `CloseDate` (UTC), and each owner's won, lost and open deals.
struct SourceFigures {
    struct Month: Equatable {
        var count: Int
        var value: Decimal
    }

    struct Owner: Equatable {
        var won = 0
        var lost = 0
        var open = 0
    }

    var wonByMonth: [String: Month] = [:]
    var won = 0
    var lost = 0
    var averageCycleDays = 0.0
    var owners: [String: Owner] = [:]

    init(_ file: URL, owners names: [String: String]) throws {
        let rows = MigrationDatesTests.records(try String(contentsOf: file, encoding: .utf8))
        let header = rows[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else { throw CocoaError(.fileReadCorruptFile) }
            return index
        }
        let (stage, amount, close, created, owner) = (
            try column("StageName"), try column("Amount"), try column("CloseDate"), try column("CreatedDate"),
            try column("OwnerId")
        )
        let timestamp = DateFormatter()
        timestamp.locale = Locale(identifier: "en_US_POSIX")
        timestamp.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        var cycleSeconds = 0.0
        for row in rows.dropFirst() where row.count == header.count {
            let name = names[row[owner]] ?? row[owner]
            switch row[stage] {
            case "Closed Won":
                won += 1
                owners[name, default: Owner()].won += 1
                let month = String(row[close].prefix(7))
                let value = Decimal(string: row[amount]) ?? 0
                wonByMonth[month, default: Month(count: 0, value: 0)].count += 1
                wonByMonth[month, default: Month(count: 0, value: 0)].value += value
                guard let opened = timestamp.date(from: row[created]), let closed = day.date(from: row[close]) else {
                    throw CocoaError(.fileReadCorruptFile)
                }
                cycleSeconds += closed.timeIntervalSince(opened) + 86_399.999
            case "Closed Lost":
                lost += 1
                owners[name, default: Owner()].lost += 1
            default:
                owners[name, default: Owner()].open += 1
            }
        }
        averageCycleDays = cycleSeconds / Double(won) / 86_400
    }
}
