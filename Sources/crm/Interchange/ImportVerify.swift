// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMInterchange
import CRMStore
import Foundation

extension ImportCommand {
    /// `crm import verify DIR`: the source export's own figures against crm's reports.
    struct ImportVerify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Compare an export's own figures with crm's reports after the import.",
            discussion: """
                Recomputes from the export's files alone (the deals file, the users file for owner names; Salesforce's
                Opportunity.csv and User.csv unless --preset names HubSpot or Pipedrive) the won count and
                value per month, won and lost, win rate, average cycle, deals per owner and open pipeline per stage,
                computes the same from what crm report reads, and lists where they differ. Exit 0 when they agree,
                65 when they differ. Compare a database that holds this import only.
                Examples:
                  crm import verify ~/Downloads/export
                  crm import verify export/ --json | jq '.differences'
                  crm import verify ~/Downloads/pipedrive --preset pipedrive
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The folder the export was unzipped into.") var folder: String
        @Option(help: "How to read ambiguous dates like 03/04/2025: month-first or day-first.")
        var dateOrder: String = "month-first"
        @Option(help: "The currency of amounts that do not name one.") var currency: String = "USD"
        @Option(help: "Whose export the folder holds: salesforce, hubspot or pipedrive.")
        var preset: String = "salesforce"

        func validate() throws {
            guard ImportPreset(rawValue: preset) != nil else {
                throw ValidationError("--preset must be salesforce, hubspot or pipedrive, not '\(preset)'")
            }
        }

        func run() throws {
            let store = try global.openStore()
            let layout = ExportLayout(preset: ImportPreset(rawValue: preset) ?? .salesforce)
            let parts = try layout.parts(in: URL(fileURLWithPath: folder)).parts
            let stages = try store.stages()
            var options = CSVImportOptions(
                kind: .deal, preset: layout.preset, dateOrder: dateOrder == "day-first" ? .dayFirst : .monthFirst,
                defaultCurrency: currency.uppercased(), stages: stages.map(\.name))
            options.timeZoneOffsetSeconds = Clock.offsetSeconds
            var names: [String: String] = [:]
            var deals: [ImportRow] = []
            var unreadable = 0
            for part in parts where part.kind == .user || part.kind == .deal {
                options.kind = part.kind
                let (rows, issues) = try Self.rows(part.file.path, options)
                unreadable += issues
                if part.kind == .deal { deals += rows }
                for row in rows where part.kind == .user {
                    if let id = row[text: "external_id"], let name = row[text: "name"] { names[id] = name }
                }
            }
            let zone = TimeZone.current
            let source = MigrationFigures.source(
                deals: deals, stageKinds: Dictionary(stages.map { ($0.name, $0.kind.rawValue) }) { first, _ in first },
                ownerNames: names, zone: zone)
            let crm = try Self.figures(of: store, months: Array(source.wonByMonth.keys), zone: zone)
            let differences = source.differences(from: crm)
            if global.json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let body = Verification(
                    source: source, crm: crm, differences: differences, unreadableRows: unreadable)
                print(String(decoding: try encoder.encode(body), as: UTF8.self))
            } else {
                Output.line(Self.render(source, differences, unreadable: unreadable))
            }
            if !differences.isEmpty {
                throw Failure.data("\(differences.count) figure(s) differ between the export and crm's reports")
            }
        }

        struct Verification: Encodable {
            var source: MigrationFigures
            var crm: MigrationFigures
            var differences: [MigrationFigures.Difference]
            var unreadableRows: Int
        }

        /// The mapped rows of one file and how many rows the import would skip as unreadable.
        static func rows(_ path: String, _ options: CSVImportOptions) throws -> ([ImportRow], Int) {
            let stream = try Failure.interchange { try CSVRowStream(path: path, options: options) }
            var rows: [ImportRow] = []
            var issues = 0
            while let next = try Failure.interchange({ try stream.next() }) {
                switch next {
                case .success(let row): rows.append(row)
                case .failure: issues += 1
                }
            }
            return (rows, issues)
        }

        /// The same figures from what `crm report forecast|winrate|cycle|leaderboard|pipeline` read.
        static func figures(of store: Store, months: [String], zone: TimeZone) throws -> MigrationFigures {
            try store.summaries { reader in
                var figures = MigrationFigures()
                let names = try reader.userNames()
                let stages = Dictionary(try reader.stages().map { ($0.id.rawValue, $0.name) }) { first, _ in first }
                for month in months {
                    let parts = month.split(separator: "-").compactMap { Int($0) }
                    guard parts.count == 2 else { continue }
                    let middle = AnalyticsPeriod.millis(
                        of: CalendarDate(year: parts[0], month: parts[1], day: 15), in: zone)
                    let forecast = try Analytics.forecast(reader, AnalyticsPeriod.month(containing: middle, in: zone))
                    guard forecast.wonCount > 0 else { continue }
                    figures.wonByMonth[month] = MigrationFigures.Slice(
                        count: forecast.wonCount, value: forecast.closedWon.minorUnits)
                }
                let closed = try reader.closedDeals(in: nil)
                let rate = SalesMetrics.winRate(closed: closed)
                figures.won = rate.won
                figures.lost = rate.lost
                figures.setRates(winRate: rate.byCount, cycleDays: SalesMetrics.cycle(closed: closed).averageDays)
                func owner(_ id: String?) -> String { id.map { names[$0] ?? $0 } ?? MigrationFigures.noOwner }
                for group in closed { figures.dealsPerOwner[owner(group.ownerID), default: 0] += group.count }
                for group in try reader.openDeals(now: store.nowMillis, staleDays: 30) {
                    figures.dealsPerOwner[owner(group.ownerID), default: 0] += group.count
                    let stage = stages[group.stageID] ?? group.stageID
                    figures.openByStage[stage, default: MigrationFigures.Slice()].count += group.count
                    figures.openByStage[stage, default: MigrationFigures.Slice()].value[group.currency, default: 0] +=
                        group.amount
                }
                return figures
            }
        }

        static func render(_ source: MigrationFigures, _ differences: [MigrationFigures.Difference], unreadable: Int)
            -> String
        {
            var lines = [
                "source: \(source.won) won, \(source.lost) lost, win rate \(source.winRate.map { "\($0 * 100)%" } ?? "-"), "
                    + "average cycle \(source.averageCycleDays.map { "\($0) days" } ?? "-"), "
                    + "\(source.wonByMonth.count) month(s) with wins, \(source.dealsPerOwner.count) owner(s), "
                    + "\(source.openByStage.values.reduce(0) { $0 + $1.count }) open deal(s)"
            ]
            if unreadable > 0 { lines.append("\(unreadable) source row(s) the import skips are not counted") }
            if differences.isEmpty {
                lines.append("crm's reports give the same figures.")
            } else {
                lines.append("\(differences.count) difference(s):")
                lines += differences.map {
                    "  \($0.figure)\($0.key.map { " \($0)" } ?? ""): source \($0.source), crm \($0.crm)"
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
