// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// A group of figures that read the same tables: a write elsewhere cannot change them.
///
/// The funnel reads only `deal_reach` (kept by triggers from the history and the deals'
/// tombstones), so editing a deal's amount leaves it alone.
public enum SummaryRegion: CaseIterable, Hashable, Sendable {
    case deals, funnel, cases

    var tables: [any DatabaseRegionConvertible] {
        switch self {
        case .deals: [Table("deals"), Table("deal_totals"), Table("stages"), Table("activities"), Table("users")]
        case .funnel: [Table("deal_reach"), Table("stage_history"), Table("stages")]
        case .cases: [Table("cases"), Table("case_totals"), Table("activities"), Table("users")]
        }
    }
}

/// A running observation; cancel it to stop hearing about commits.
public final class SummaryObservation: Sendable {
    private let cancellable: AnyDatabaseCancellable

    init(_ cancellable: AnyDatabaseCancellable) { self.cancellable = cancellable }

    /// Stops the observation; safe to call more than once.
    public func cancel() { cancellable.cancel() }
}

extension Store {
    /// Calls `onChange` after every commit in this process that touched `region`'s tables,
    /// with the device's change-log sequence as of that commit.
    ///
    /// Only this process's writes are seen (SQLite tells no other process); a reader that must
    /// see other processes' writes also polls `lastDeviceSequence()`.
    public func observe(
        _ region: SummaryRegion, onError: @escaping @Sendable (any Error) -> Void,
        onChange: @escaping @Sendable (Int64?) -> Void
    ) -> SummaryObservation {
        let cancellable = DatabaseRegionObservation(tracking: region.tables).start(in: writer, onError: onError) { db in
            onChange(try? Int64.fetchOne(db, sql: "SELECT last_device_seq FROM clock WHERE id = 1"))
        }
        return SummaryObservation(cancellable)
    }
}
