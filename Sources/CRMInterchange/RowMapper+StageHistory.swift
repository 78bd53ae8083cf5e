// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

extension RowMapper {
    /// One entry of a deal's stage history (Salesforce's `OpportunityHistory.csv`): the deal by
    /// its source id, the stage it was in, and since when.
    ///
    /// Salesforce writes a history row whenever the stage, amount, probability or close date
    /// changes, so consecutive rows often repeat a stage; `StageHistoryImport` keeps only the
    /// moves. The stage goes through the same `StageMapper` as the deals file, so an unknown
    /// stage is an issue naming it, never a guess.
    func mapStageHistory(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        guard let deal = cells["deal_external_id"] else {
            throw ValueError("no deal: column '\(cells.header(of: "deal_external_id"))' is empty")
        }
        fields[ImportRow.Reference.dealExternalID] = .text(deal)
        fields[ImportRow.Reference.stage] = .text(try stage(cells))
        guard fields["created_at"] != nil else {
            throw ValueError("no time: column '\(cells.header(of: "created_at"))' is empty")
        }
    }
}
