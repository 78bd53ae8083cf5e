// crm — a terminal-first CRM. Licensed under the MIT License.

/// The deal summaries of migration `v5-analytics-aggregates` (Docs/ANALYTICS.md).
extension SummaryTable {
    /// The deal columns any aggregate reads: an update of one of them re-files the deal.
    static let dealColumns = [
        "stage_id", "currency", "owner_id", "amount_minor", "probability", "created_at", "closed_at", "close_date",
        "deleted",
    ]

    static let day = AggregateLayout.day

    /// Open pipeline and aging: per stage, currency, owner and UTC day of creation.
    static let dealTotals = SummaryTable(
        source: "deals", table: "deal_totals",
        keys: { row in
            [
                ("stage_id", "\(row).stage_id"), ("currency", "\(row).currency"),
                ("owner_key", "COALESCE(\(row).owner_id, '')"),
                ("created_day", "COALESCE(\(row).created_at / \(day), \(AggregateLayout.undatedDay))"),
            ]
        },
        sums: { row in
            [
                ("deals", "1"), ("amount", "\(row).amount_minor"),
                ("weighted", "COALESCE(\(row).amount_minor * \(row).probability, 0)"),
                ("unweighted_amount", "CASE WHEN \(row).probability IS NULL THEN \(row).amount_minor ELSE 0 END"),
                ("undated", "\(row).created_at IS NULL"),
                ("undated_amount", "CASE WHEN \(row).created_at IS NULL THEN \(row).amount_minor ELSE 0 END"),
                ("created_offset_sum", "COALESCE(\(row).created_at - \(AggregateLayout.createdEpoch), 0)"),
            ]
        },
        condition: { row in "\(row).deleted = 0" })

    /// Win rate, cycle and wins: closed deals per stage, currency, owner and UTC day of closing.
    static let dealClosed = SummaryTable(
        source: "deals", table: "deal_closed_totals",
        keys: { row in
            [
                ("stage_id", "\(row).stage_id"), ("currency", "\(row).currency"),
                ("owner_key", "COALESCE(\(row).owner_id, '')"), ("closed_day", "\(row).closed_at / \(day)"),
            ]
        },
        sums: { row in
            [
                ("deals", "1"), ("amount", "\(row).amount_minor"),
                ("cycle_sum", "\(row).closed_at - COALESCE(\(row).created_at, \(row).closed_at)"),
            ]
        },
        condition: { row in "\(row).deleted = 0 AND \(row).closed_at IS NOT NULL" })

    /// Forecast: deals per stage, currency, expected close date and own probability (-1: none,
    /// the stage's applies, looked up when read).
    static let dealForecast = SummaryTable(
        source: "deals", table: "deal_forecast_totals",
        keys: { row in
            [
                ("stage_id", "\(row).stage_id"), ("currency", "\(row).currency"), ("close_date", "\(row).close_date"),
                ("probability_key", "COALESCE(\(row).probability, -1)"),
            ]
        },
        sums: { row in [("deals", "1"), ("amount", "\(row).amount_minor")] },
        condition: { row in "\(row).deleted = 0 AND \(row).close_date IS NOT NULL" })

    static let deals = [dealTotals, dealClosed, dealForecast]
}
