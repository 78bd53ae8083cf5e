// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore

/// `crm report funnel`: how many deals reached each stage and how many went on, from stage history.
struct ReportFunnel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funnel",
        abstract: "Stage funnel from stage history: deals that reached each stage, conversion to the next.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ReportOptions

    func run() throws {
        let store = try global.openStoreForReading()
        let windows = try options.windows(now: store.nowMillis)
        let funnels = try store.summaries { reader in
            let stages = try reader.stages()
            return try windows.map {
                SalesMetrics.funnel(stages: stages, reach: try reader.funnel(stages: stages, createdIn: $0))
            }
        }
        if global.json {
            return Output.json(
                ReportFormat.document(zip(windows, funnels).map { Self.json($1, window: $0) }, zone: options.zone))
        }
        for (index, (window, steps)) in zip(windows, funnels).enumerated() {
            if index > 0 { Output.line("") }
            Output.line(
                "\(ReportFormat.heading(window)): deals that reached each stage (furthest stage in their history)")
            Output.table(
                ["STAGE", "REACHED", "TO NEXT"],
                steps.map { [$0.stage.name, "\($0.reached)", ReportFormat.percent($0.conversionToNext)] })
        }
    }

    static func json(_ steps: [FunnelStep], window: AnalyticsPeriod?) -> JSONValue {
        ReportFormat.period(
            window,
            [
                "stages": .array(
                    steps.map { step in
                        [
                            "stage": step.stage.name.jsonValue, "stage_id": step.stage.id.jsonValue,
                            "reached": step.reached.jsonValue,
                            "conversion_to_next": ReportFormat.rate(step.conversionToNext),
                        ]
                    })
            ])
    }
}
