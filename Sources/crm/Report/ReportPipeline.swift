// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMAnalytics
import CRMCore
import CRMStore

/// `crm report pipeline`: the open pipeline by stage, weighted, with deal aging and stale deals.
struct ReportPipeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline", abstract: "Open deals by stage: count, value, weighted value; aging and stale deals.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("stale-days"), help: "An open deal with no activity for this many days is stale.")
    var staleDays = 30

    func validate() throws {
        if staleDays < 1 { throw ValidationError("--stale-days must be at least 1") }
    }

    func run() throws {
        let store = try global.openStoreForReading()
        let now = store.nowMillis
        let (pipeline, aging) = try store.summaries { reader in
            let open = try reader.openDeals(now: now, staleDays: staleDays)
            return (
                PipelineMetrics.pipeline(stages: try reader.stages(), open: open),
                PipelineMetrics.aging(
                    open: open, touched: try reader.touchedDeals(now: now, staleDays: staleDays),
                    staleDays: staleDays)
            )
        }
        if global.json { return Output.json(Self.json(pipeline, aging)) }
        Output.table(
            ["STAGE", "PROB", "DEALS", "VALUE", "WEIGHTED"],
            pipeline.stages.map {
                [
                    "\($0.stage.name)", "\($0.stage.probability)%", "\($0.count)", ReportFormat.cell($0.amounts),
                    ReportFormat.cell($0.weighted),
                ]
            }
                + [
                    [
                        "Total", "", "\(pipeline.count)", ReportFormat.cell(pipeline.amounts),
                        ReportFormat.cell(pipeline.weighted),
                    ]
                ],
            maxWidth: 80)
        Output.line("")
        Output.table(
            ["AGE", "DEALS", "VALUE"], aging.buckets.map { [$0.label, "\($0.count)", ReportFormat.cell($0.amounts)] },
            maxWidth: 80)
        Output.line("average age: \(ReportFormat.number(aging.averageAgeDays)) days")
        Output.line(
            "stale (no activity for \(aging.staleDays) days): \(aging.staleCount) deals, \(ReportFormat.cell(aging.staleAmounts))"
        )
    }

    static func json(_ pipeline: PipelineReport, _ aging: DealAging) -> JSONValue {
        [
            "stages": .array(
                pipeline.stages.map { line in
                    [
                        "stage": line.stage.name.jsonValue, "stage_id": line.stage.id.jsonValue,
                        "probability": line.stage.probability.jsonValue, "count": line.count.jsonValue,
                        "amounts": ReportFormat.amounts(line.amounts), "weighted": ReportFormat.amounts(line.weighted),
                    ]
                }),
            "count": pipeline.count.jsonValue, "amounts": ReportFormat.amounts(pipeline.amounts),
            "weighted": ReportFormat.amounts(pipeline.weighted),
            "aging": .array(
                aging.buckets.map {
                    [
                        "label": $0.label.jsonValue, "count": $0.count.jsonValue,
                        "amounts": ReportFormat.amounts($0.amounts),
                    ]
                }),
            "average_age_days": ReportFormat.figure(aging.averageAgeDays), "stale_days": aging.staleDays.jsonValue,
            "stale_count": aging.staleCount.jsonValue, "stale_amounts": ReportFormat.amounts(aging.staleAmounts),
        ]
    }
}
