// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMStore
import Foundation

/// UTC milliseconds of an ISO time such as "2026-11-20T12:00:00Z".
func at(_ iso: String) -> Int64 {
    let formatter = ISO8601DateFormatter()
    guard let date = formatter.date(from: iso) else { fatalError("bad test time \(iso)") }
    return Int64(date.timeIntervalSince1970 * 1000)
}

let utc = TimeZone(identifier: "UTC") ?? .current

extension TestStore {
    func stageID(_ name: String) throws -> RecordID {
        guard let stage = try store.stages().first(where: { $0.name == name }) else { fatalError("no stage \(name)") }
        return stage.id
    }

    func user(_ name: String) throws -> RecordID {
        try store.create(.user, ["name": .text(name), "role": .text("rep")])
    }

    /// Adds a deal through the real write path with the clock at `created`.
    @discardableResult
    func deal(
        _ title: String, _ amount: String, _ currency: String = "USD", stage: String = "Lead", created: String,
        owner: RecordID? = nil, probability: Int? = nil, closeDate: String? = nil, clock: String? = nil
    ) throws -> RecordID {
        now = at(clock ?? created)
        var fields: [String: FieldValue] = [
            "title": .text(title), "amount": .money(try Money(parsing: amount, currency: currency)),
            "stage_id": .text(try stageID(stage).rawValue), "created_at": .integer(at(created)),
        ]
        if let owner { fields["owner_id"] = .text(owner.rawValue) }
        if let probability { fields["probability"] = .integer(Int64(probability)) }
        if let closeDate { fields["close_date"] = .text(closeDate) }
        return try store.addDeal(fields)
    }

    func move(_ id: RecordID, to stage: String, at iso: String) throws {
        now = at(iso)
        try store.moveDeal(id, to: try stageID(stage))
    }

    @discardableResult
    func activity(on deal: RecordID, at iso: String) throws -> RecordID {
        try store.create(
            .activity, ["kind": .text("call"), "subject": .text("Call"), "deal_id": .text(deal.rawValue), "created_at": .integer(at(iso))])
    }

    func snapshot(now iso: String, zone: TimeZone = utc, window: AnalyticsPeriod? = nil) throws -> AnalyticsSnapshot {
        now = at(iso)
        let request = AnalyticsRequest(now: at(iso), timeZone: zone, staleDays: 30, window: window)
        guard let snapshot = try Analytics.compute(store, request) else { fatalError("not cancelled") }
        return snapshot
    }
}

extension CurrencyAmounts {
    /// "1400.00 USD" strings, in code order: what the tests compare.
    var text: [String] { money.map(\.description) }
}
