// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore
import Foundation

/// `crm report sla`: cases by status and priority, SLA compliance, breaches, mean times, overdue tasks.
struct ReportSLA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract:
            "Cases by status and priority, SLA compliance, breached and at-risk cases, mean response and resolution times."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReportOptions

    func run() throws {
        let store = try global.openStore()
        let now = store.nowMillis
        let windows = try options.windows(now: now)
        let (reports, overdue) = try store.summaries { reader in
            (
                try windows.map { ServiceMetrics.report(cases: try reader.cases(now: now, createdIn: $0)) },
                try reader.overdueTasks(now: now, names: try reader.userNames())
            )
        }
        if global.json {
            return try Output.json([
                "periods": zip(windows, reports).map { Self.json($1, window: $0) },
                "time_zone": options.zone.identifier,
                "overdue_tasks": overdue.map {
                    [
                        "owner_id": $0.ownerID ?? NSNull(), "name": $0.name, "count": $0.count,
                        "oldest_due": Clock.iso($0.oldestDue),
                    ]
                },
            ])
        }
        for (window, report) in zip(windows, reports) { Self.print(report, heading: ReportFormat.heading(window)) }
        Output.line("\nOverdue tasks")
        if overdue.isEmpty { Output.line("None.") }
        Output.table(
            ["OWNER", "OVERDUE", "OLDEST DUE"], overdue.map { [$0.name, "\($0.count)", Clock.local($0.oldestDue)] })
    }

    static func print(_ report: ServiceReport, heading: String) {
        Output.line("\(heading): \(report.total) cases, \(report.breached) breached, \(report.atRisk) at risk")
        Output.table(
            ["STATUS"] + SupportCase.Status.allCases.map(\.rawValue),
            [["cases"] + SupportCase.Status.allCases.map { "\(report.byStatus[$0] ?? 0)" }])
        Output.table(
            ["PRIORITY"] + SupportCase.Priority.allCases.map(\.rawValue),
            [["cases"] + SupportCase.Priority.allCases.map { "\(report.byPriority[$0] ?? 0)" }])
        Output.table(
            ["SLA", "MET", "BREACHED", "AT RISK", "OK", "COMPLIANCE", "MEAN MINUTES"],
            [
                ["first response"] + cells(report.firstResponse) + [
                    ReportFormat.number(report.meanFirstResponseMinutes)
                ],
                ["resolution"] + cells(report.resolution) + [ReportFormat.number(report.meanResolutionMinutes)],
            ])
    }

    static func cells(_ compliance: SLACompliance) -> [String] {
        [
            "\(compliance.met)", "\(compliance.breached)", "\(compliance.atRisk)", "\(compliance.ok)",
            ReportFormat.percent(compliance.rate),
        ]
    }

    static func json(_ report: ServiceReport, window: AnalyticsPeriod?) -> [String: Any] {
        let compliance = { (value: SLACompliance) -> [String: Any] in
            [
                "met": value.met, "breached": value.breached, "at_risk": value.atRisk, "ok": value.ok,
                "compliance": ReportFormat.rate(value.rate),
            ]
        }
        return ReportFormat.window(window).merging([
            "total": report.total, "breached": report.breached, "at_risk": report.atRisk,
            "by_status": Dictionary(uniqueKeysWithValues: report.byStatus.map { ($0.key.rawValue, $0.value) }),
            "by_priority": Dictionary(uniqueKeysWithValues: report.byPriority.map { ($0.key.rawValue, $0.value) }),
            "first_response": compliance(report.firstResponse), "resolution": compliance(report.resolution),
            "mean_first_response_minutes": ReportFormat.figure(report.meanFirstResponseMinutes),
            "mean_resolution_minutes": ReportFormat.figure(report.meanResolutionMinutes),
        ]) { _, new in new }
    }
}
