// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// The figures a migrating team checks first, computed the same way from the source's own
/// files and from crm's reports after the import, so `crm import verify` can say where they
/// differ.
///
/// Amounts are minor units per currency code, so equal means equal to the cent; the average
/// cycle is rounded to 0.001 day and the win rate to 0.0001 (sums taken in another order).
public struct MigrationFigures: Sendable, Equatable, Codable {
    /// A number of deals and their value per currency (minor units).
    public struct Slice: Sendable, Equatable, Codable, CustomStringConvertible {
        public var count = 0
        public var value: [String: Int64] = [:]

        public init(count: Int = 0, value: [String: Int64] = [:]) {
            self.count = count
            self.value = value
        }

        /// `3 deal(s), 1234.50 USD`, as the difference list prints it.
        public var description: String {
            let amounts = value.keys.sorted().map { code in
                (try? Currency(code)).map { Money(minorUnits: value[code] ?? 0, currency: $0).description }
                    ?? "\(value[code] ?? 0) \(code)"
            }
            return "\(count) deal(s)" + (amounts.isEmpty ? "" : ", " + amounts.joined(separator: " + "))
        }

        mutating func add(_ money: Money?) {
            count += 1
            if let money { value[money.currency.code, default: 0] += money.minorUnits }
        }
    }

    /// Won deals by the local month they closed in (`2023-06`).
    public var wonByMonth: [String: Slice] = [:]
    public var won = 0
    public var lost = 0
    /// won / (won + lost), nil without closed deals.
    public var winRate: Double?
    /// Mean days from creation to close over won deals, nil without any.
    public var averageCycleDays: Double?
    /// Deals of every stage per owner name (`(no owner)` for none).
    public var dealsPerOwner: [String: Int] = [:]
    /// Open deals per stage name.
    public var openByStage: [String: Slice] = [:]

    public init() {}

    /// The owner name of deals without one, as the leaderboard prints it.
    public static let noOwner = "(no owner)"

    /// Sets `winRate` and `averageCycleDays` from the counts and the summed cycle.
    public mutating func finish(cycleMillis: Int64, cycleCount: Int) {
        setRates(
            winRate: won + lost > 0 ? Double(won) / Double(won + lost) : nil,
            cycleDays: cycleCount > 0 ? Double(cycleMillis) / Double(cycleCount) / 86_400_000 : nil)
    }

    /// Sets the win rate and average cycle, rounded as they are compared.
    public mutating func setRates(winRate: Double?, cycleDays: Double?) {
        self.winRate = winRate.map { ($0 * 10_000).rounded() / 10_000 }
        averageCycleDays = cycleDays.map { ($0 * 1000).rounded() / 1000 }
    }

    /// One figure where the source and crm differ.
    public struct Difference: Sendable, Equatable, Codable {
        public var figure: String
        public var key: String?
        public var source: String
        public var crm: String
    }

    /// Where `crm` differs from `self` (the source), figure by figure and key by key.
    public func differences(from crm: MigrationFigures) -> [Difference] {
        var found: [Difference] = []
        func compare<T: Equatable>(_ figure: String, _ key: String?, _ source: T?, _ ours: T?) {
            guard source != ours else { return }
            found.append(
                Difference(
                    figure: figure, key: key, source: source.map { "\($0)" } ?? "none",
                    crm: ours.map { "\($0)" } ?? "none"))
        }
        func compare<T: Equatable>(_ figure: String, _ source: [String: T], _ ours: [String: T]) {
            for key in Set(source.keys).union(ours.keys).sorted() { compare(figure, key, source[key], ours[key]) }
        }
        compare("won_by_month", wonByMonth, crm.wonByMonth)
        compare("won", nil, won, crm.won)
        compare("lost", nil, lost, crm.lost)
        compare("win_rate", nil, winRate, crm.winRate)
        compare("average_cycle_days", nil, averageCycleDays, crm.averageCycleDays)
        compare("deals_per_owner", dealsPerOwner, crm.dealsPerOwner)
        compare("open_by_stage", openByStage, crm.openByStage)
        return found
    }
}

extension MigrationFigures {
    /// The figures of a deals file, from its rows alone as the import maps them.
    ///
    /// - Parameters:
    ///   - stageKinds: `won`, `lost` or `open` for each pipeline stage name the rows map to.
    ///   - ownerNames: the Users file's names by source user id (an owner id without one is
    ///     named by the id, as the import names the team member it creates).
    ///   - zone: the importing user's zone, in which a close falls in its month.
    public static func source(
        deals rows: [ImportRow], stageKinds: [String: String], ownerNames: [String: String], zone: TimeZone
    ) -> MigrationFigures {
        var figures = MigrationFigures()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var cycleMillis: Int64 = 0
        var cycleCount = 0
        for row in rows {
            guard let stage = row[text: ImportRow.Reference.stage] else { continue }
            let money: Money? = if case .money(let value) = row.fields["amount"] { value } else { nil }
            let owner =
                row[text: ImportRow.Reference.ownerExternalID].map { ownerNames[$0] ?? $0 }
                ?? row[text: ImportRow.Reference.ownerEmail] ?? row[text: ImportRow.Reference.ownerName] ?? noOwner
            figures.dealsPerOwner[owner, default: 0] += 1
            let closed = row.fields["closed_at"]?.integer ?? row.fields[ImportRow.Reference.closeTime]?.integer
            switch stageKinds[stage] {
            case "won":
                figures.won += 1
                if let closed {
                    let parts = calendar.dateComponents(
                        [.year, .month], from: Date(timeIntervalSince1970: Double(closed) / 1000))
                    let month = String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
                    figures.wonByMonth[month, default: Slice()].add(money)
                    if let created = row.fields["created_at"]?.integer {
                        cycleMillis += closed - created
                        cycleCount += 1
                    }
                }
            case "lost":
                figures.lost += 1
            default:
                figures.openByStage[stage, default: Slice()].add(money)
            }
        }
        figures.finish(cycleMillis: cycleMillis, cycleCount: cycleCount)
        return figures
    }
}
