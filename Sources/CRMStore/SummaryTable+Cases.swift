// crm — a terminal-first CRM. Licensed under the MIT License.

/// The case summary of migration `v6-case-aggregates` (Docs/ANALYTICS.md).
extension SummaryTable {
    /// Live cases whose SLA states no longer move with the clock.
    ///
    /// First response and resolution both done, and not paused; everything else is "unsettled"
    /// and read from the cases.
    static func settled(_ row: String) -> String {
        """
        \(row).deleted = 0 AND \(row).first_response_at IS NOT NULL AND \(row).resolved_at IS NOT NULL \
        AND \(row).paused_at IS NULL
        """
    }

    /// The case columns the summary reads: an update of one of them re-files the case.
    static let caseColumns = [
        "status", "priority", "created_at", "first_response_due", "resolution_due", "first_response_at", "resolved_at",
        "paused_at", "paused_ms", "deleted",
    ]

    /// Settled cases by status, priority and their two SLA outcomes (the `SLAClock` rules: done
    /// by the due time is met, after it breached).
    static let caseTotals = SummaryTable(
        source: "cases", table: "case_totals",
        keys: { row in
            [
                ("status", "\(row).status"), ("priority", "\(row).priority"),
                (
                    "fr_state",
                    "CASE WHEN \(row).first_response_at <= COALESCE(\(row).first_response_due, \(row).created_at) THEN 'met' ELSE 'breached' END"
                ),
                (
                    "res_state",
                    "CASE WHEN \(row).resolved_at <= COALESCE(\(row).resolution_due, \(row).created_at) THEN 'met' ELSE 'breached' END"
                ),
            ]
        },
        sums: { row in
            [
                ("cases", "1"), ("response_sum", "COALESCE(\(row).first_response_at - \(row).created_at, 0)"),
                (
                    "resolution_sum",
                    "COALESCE(\(row).resolved_at - \(row).created_at - COALESCE(\(row).paused_ms, 0), 0)"
                ),
            ]
        },
        condition: settled)
}
