// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// The independently computed parts of a snapshot, and the tables each one reads.
enum EnginePart: CaseIterable, Hashable, Sendable {
    case deals, funnel, cases

    /// The store's tables this part reads: a write must touch them for it to need recomputing.
    var region: SummaryRegion {
        switch self {
        case .deals: .deals
        case .funnel: .funnel
        case .cases: .cases
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
    func compute(_ part: EnginePart, store: Store, request: AnalyticsRequest) {
        do {
            switch part {
            case .deals:
                let value = try store.summaries { reader in try Analytics.dealPart(reader, request) }
                lock.withLock { parts.deals = value }
            case .funnel:
                let value = try store.summaries { reader in try Analytics.funnelReach(reader, request) }
                lock.withLock { parts.funnel = value }
            case .cases:
                let value = try store.summaries { reader in try Analytics.casePart(reader, request) }
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
