// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI

extension StoreDataSource {
    public func stages() throws -> [StageSummary] {
        try store.stages().map { stage in
            let totals = try store.stageTotals(stage.id)
            return StageSummary(
                id: stage.id, name: stage.name, kind: StageSummary.Kind(rawValue: stage.kind.rawValue) ?? .open,
                probability: stage.probability, dealCount: totals.count,
                totals: totals.amounts.map { MoneyAmount(minorUnits: $0.minorUnits, currency: $0.currency.code) })
        }
    }

    /// Cards newest first on the `(stage_id, num)` index: forward is descending `num`.
    public func deals(inStage stage: RecordID, _ page: PageRequest<SequenceKey>) throws -> [DealCard] {
        let forward = page.direction == .forward
        let anchor = page.anchor?.num
        return try store.deals(
            stageID: stage, before: forward ? anchor : nil, after: forward ? nil : anchor, limit: page.limit
        ).map { deal in
            DealCard(
                id: deal.id, num: deal.num, title: deal.title,
                amount: MoneyAmount(minorUnits: deal.amount.minorUnits, currency: deal.amount.currency.code),
                company: deal.companyName ?? "", closeDate: deal.closeDate ?? "")
        }
    }

    public func moveDeal(_ deal: RecordID, toStage stage: RecordID) throws {
        try store.moveDeal(deal, to: stage)
    }

    public func closeDeal(_ deal: RecordID, won: Bool, reason: String?) throws {
        try store.closeDeal(deal, as: won ? .won : .lost, reason: reason)
    }
}
