// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// Writes a deal's stage history from another CRM's history file (Salesforce's
/// `OpportunityHistory.csv`) in place of the history the deal import made up.
///
/// A deal imported without its history gets two made-up moves: created in the first open stage,
/// then (won or lost) the final stage at its close date (`Store.addDeal`). When the source has
/// the real history, each of its rows becomes a stage change with a stable id from the row's own
/// id (so importing it again writes nothing), and `rechain` then makes the deal's history one
/// chain again: made-up entries the source's history covers are deleted, entries that repeat the
/// stage before them are deleted (Salesforce writes a row for every amount or date change too),
/// and each entry's `from_stage_id` is the stage before it. Moves a user made in crm (they carry
/// the user) and entries after the source's last one stay. Everything goes through the write
/// path, so the corrected history syncs and the funnel, velocity and aging read it.
struct StageHistoryImport {
    let recorder: ChangeRecorder
    let cache: References.Cache

    /// Writes one history row; the deal must be imported already.
    func apply(_ row: ImportRow, references: References) throws -> ImportOutcome {
        guard let source = row[text: ImportRow.Reference.dealExternalID],
            let deal = try recorder.first(.deal, where: .externalID, is: source)
        else {
            let source = row[text: ImportRow.Reference.dealExternalID] ?? ""
            return .skipped("deal '\(source)' is not imported: import its deals file (Opportunity.csv) first")
        }
        guard let name = row[text: ImportRow.Reference.stage], let stage = try references.stage(name) else {
            return .skipped("unknown stage '\(row[text: ImportRow.Reference.stage] ?? "")'")
        }
        let id = row.id ?? recorder.newID()
        cache.history[deal, default: []].insert(id)
        cache.historyTouched.insert(deal)
        if try recorder.exists(.stageChange, id) { return .unchanged }
        try recorder.create(
            .stageChange, id: id,
            [
                "deal_id": .text(deal.rawValue), "to_stage_id": .text(stage.rawValue),
                "created_at": row.fields["created_at"] ?? .null,
            ])
        return .created
    }

    /// Makes the history of every deal this batch touched one chain again (see the type).
    func rechain() throws {
        defer { cache.historyTouched = [] }
        for deal in cache.historyTouched.sorted(by: { $0.rawValue < $1.rawValue }) {
            try rechain(deal, source: cache.history[deal] ?? [])
        }
    }

    private struct Entry {
        let id: RecordID
        let num: Int64
        let from: String?
        let to: String?
        let at: Int64
        let user: String?
        let fromSource: Bool
    }

    private func rechain(_ deal: RecordID, source: Set<RecordID>) throws {
        var entries = try recorder.ids(.stageChange, linking: "deal_id", to: deal).compactMap { id -> Entry? in
            guard let record = try recorder.record(.stageChange, id) else { return nil }
            return Entry(
                id: id, num: record.num, from: record.fields["from_stage_id"]?.text,
                to: record.fields["to_stage_id"]?.text, at: record.fields["created_at"]?.integer ?? 0,
                user: record.fields["user_id"]?.text, fromSource: source.contains(id))
        }
        entries.sort { ($0.at, $0.num) < ($1.at, $1.num) }
        guard let last = entries.last(where: \.fromSource)?.at else { return }
        var previous: String?
        for entry in entries {
            let madeUp = !entry.fromSource && entry.user == nil && entry.at <= last
            if madeUp || (previous != nil && entry.to == previous) {
                try recorder.delete(.stageChange, id: entry.id)
                continue
            }
            if entry.from != previous {
                try recorder.update(.stageChange, id: entry.id, ["from_stage_id": previous.map { .text($0) } ?? .null])
            }
            previous = entry.to
        }
    }
}
