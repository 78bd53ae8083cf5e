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
        let store = try global.openStoreForReading()
        let now = store.nowMillis
        let windows = try options.windows(now: now)
        let (reports, overdue) = try store.summaries { reader in
            (
                try windows.map { ServiceMetrics.report(cases: try reader.cases(now: now, createdIn: $0)) },
                try reader.overdueTasks(now: now, names: try reader.userNames())
            )
        }
        if global.json {
            var document = ReportFormat.document(
                zip(windows, reports).map { Self.json($1, window: $0) }, zone: options.zone)
            document["overdue_tasks"] = .array(
                overdue.map {
                    [
                        "owner_id": $0.ownerID.jsonValue, "name": $0.name.jsonValue, "count": $0.count.jsonValue,
                        "oldest_due": Clock.iso($0.oldestDue),
                    ]
                })
            return Output.json(document)
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

    static func json(_ report: ServiceReport, window: AnalyticsPeriod?) -> JSONValue {
        let compliance = { (value: SLACompliance) -> JSONValue in
            [
                "met": value.met.jsonValue, "breached": value.breached.jsonValue, "at_risk": value.atRisk.jsonValue,
                "ok": value.ok.jsonValue, "compliance": ReportFormat.rate(value.rate),
            ]
        }
        return ReportFormat.period(
            window,
            [
                "total": report.total.jsonValue, "breached": report.breached.jsonValue,
                "at_risk": report.atRisk.jsonValue,
                "by_status": .object(
                    Dictionary(uniqueKeysWithValues: report.byStatus.map { ($0.key.rawValue, $0.value.jsonValue) })),
                "by_priority": .object(
                    Dictionary(uniqueKeysWithValues: report.byPriority.map { ($0.key.rawValue, $0.value.jsonValue) })),
                "first_response": compliance(report.firstResponse), "resolution": compliance(report.resolution),
                "mean_first_response_minutes": ReportFormat.figure(report.meanFirstResponseMinutes),
                "mean_resolution_minutes": ReportFormat.figure(report.meanResolutionMinutes),
            ])
    }
}
