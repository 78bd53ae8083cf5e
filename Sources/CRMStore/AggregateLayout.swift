// crm — a terminal-first CRM. Licensed under the MIT License.

/// The constants readers of the maintained aggregates (`deal_totals`, `deal_reach`, migration
/// `v5-analytics-aggregates`) must share with the triggers that write them.
public enum AggregateLayout {
    /// Milliseconds per day: `deal_totals` groups deals by the day they were created (UTC,
    /// `created_at / day`), so "created in the last 31 days" is a sum over whole days plus an
    /// exact look at the one day the cut-off falls in.
    public static let day: Int64 = 86_400_000

    /// The `created_day` of deals without a creation time (no real date is this many days away).
    public static let undatedDay: Int64 = -1_000_000_000_000

    /// The created-at sum counts milliseconds from this epoch (2023-11-14), so a group of
    /// tens of millions of deals still sums inside 64 bits.
    public static let createdEpoch: Int64 = 1_700_000_000_000

    /// Stage nums a reach mask can hold (bits 0–62 of a signed 64-bit integer).
    public static let maskedStageNums: ClosedRange<Int64> = 1...63
}
