// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import GRDB

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
        var sql = """
            SELECT d.id, d.num, d.title, d.amount_minor, d.currency, d.close_date, c.name AS company_name
            FROM deals d LEFT JOIN companies c ON c.id = d.company_id
            WHERE d.deleted = 0 AND d.stage_id = ?
            """
        var arguments: StatementArguments = [stage.rawValue]
        if let anchor = page.anchor {
            sql += forward ? " AND d.num < ?" : " AND d.num > ?"
            arguments += [anchor.num]
        }
        sql += forward ? " ORDER BY d.num DESC LIMIT ?" : " ORDER BY d.num ASC LIMIT ?"
        let rows = try store.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments + [page.limit]) }
        let cards = rows.compactMap { row -> DealCard? in
            guard let id = RecordID(row["id"] as String) else { return nil }
            return DealCard(
                id: id, num: row["num"], title: row["title"],
                amount: MoneyAmount(minorUnits: row["amount_minor"], currency: row["currency"]),
                company: row["company_name"] ?? "", closeDate: row["close_date"] ?? "")
        }
        return forward ? cards : cards.reversed()
    }

    public func moveDeal(_ deal: RecordID, toStage stage: RecordID) throws {
        try store.moveDeal(deal, to: stage)
    }

    public func closeDeal(_ deal: RecordID, won: Bool, reason: String?) throws {
        try store.closeDeal(deal, as: won ? .won : .lost, reason: reason)
    }
}
