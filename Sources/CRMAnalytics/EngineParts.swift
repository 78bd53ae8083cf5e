// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMStore
import Foundation
import GRDB

/// The independently computed parts of a snapshot, and the tables each one reads.
enum EnginePart: CaseIterable, Hashable, Sendable {
    case deals, funnel, cases

    /// What a write must touch for this part to need recomputing.
    ///
    /// The funnel reads only `deal_reach` (kept by triggers from the history and the deals'
    /// tombstones), so editing a deal's amount leaves it alone.
    var region: [any DatabaseRegionConvertible] {
        switch self {
        case .deals: [Table("deals"), Table("deal_totals"), Table("stages"), Table("activities"), Table("users")]
        case .funnel: [Table("deal_reach"), Table("stage_history"), Table("stages")]
        case .cases: [Table("cases"), Table("case_totals"), Table("activities"), Table("users")]
        }
    }
}

/// The last published parts, reused for the parts a change did not touch.
struct EngineParts: Sendable {
    /// All three parts.
    struct Complete: Sendable {
        var deals: Analytics.DealPart
        var funnel: [FunnelReach]
        var cases: Analytics.CasePart
    }

    var deals: Analytics.DealPart?
    var funnel: [FunnelReach]?
    var cases: Analytics.CasePart?

    init() {}

    init(_ complete: Complete) {
        deals = complete.deals
        funnel = complete.funnel
        cases = complete.cases
    }

    /// Parts never computed yet.
    var missing: Set<EnginePart> {
        var parts: Set<EnginePart> = []
        if deals == nil { parts.insert(.deals) }
        if funnel == nil { parts.insert(.funnel) }
        if cases == nil { parts.insert(.cases) }
        return parts
    }
}

/// The parts of one run: cached ones from the start, dirty ones filled by parallel workers.
final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: EngineParts
    private var failure: (any Error)?

    init(_ cached: EngineParts) { parts = cached }

    /// Computes one part on a WAL reader and stores it (or the error).
    func compute(_ part: EnginePart, store: CRMStore, request: AnalyticsRequest) {
        do {
            switch part {
            case .deals:
                let value = try store.read { db in try Analytics.dealPart(db, request) }
                lock.withLock { parts.deals = value }
            case .funnel:
                let value = try store.read { db in try Analytics.funnelReach(db, request) }
                lock.withLock { parts.funnel = value }
            case .cases:
                let value = try store.read { db in try Analytics.casePart(db, request) }
                lock.withLock { parts.cases = value }
            }
        } catch {
            lock.withLock { failure = error }
        }
    }

    /// The three parts, or the first error.
    func unwrap() throws -> EngineParts.Complete {
        try lock.withLock {
            if let failure { throw failure }
            guard let deals = parts.deals, let funnel = parts.funnel, let cases = parts.cases else {
                throw AnalyticsError.stopped
            }
            return EngineParts.Complete(deals: deals, funnel: funnel, cases: cases)
        }
    }
}
