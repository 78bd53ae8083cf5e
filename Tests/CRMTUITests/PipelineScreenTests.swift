// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct PipelineScreenTests {
    func stageName(of title: String, in source: InMemoryDataSource) -> String? {
        source.read { model in
            model.deals.values.first { $0.title == title }.flatMap { deal in
                model.stages.first { $0.id == deal.stageID }?.name
            }
        }
    }

    @Test func boardShowsEveryStageWithCountsAndTotals() {
        for (width, height) in [(80, 24), (200, 60)] {
            let harness = Harness(start: .pipeline, width: width, height: height)
            let header = harness.lines[1]
            for stage in ["Lead (1)", "Qualified (0)", "Proposal (1)", "Won (1)", "Lost (1)"] {
                #expect(header.contains(stage) || header.contains(String(stage.prefix(8))), "\(stage) in \(header)")
            }
            #expect(harness.lines[2].contains("12.0k USD"))
            #expect(harness.lines[2].contains("40.0k EUR"))
            #expect(harness.text.contains("Acme rollout") || harness.text.contains("Acme rol…"))
            #expect(harness.text.contains("no deals"))
        }
    }

    @Test func columnsNeverOverlapEvenWithWideTitles() {
        let harness = Harness(start: .pipeline)
        let columns = Rect(x: 0, y: 0, width: 80, height: 1).columns(6)
        for line in harness.lines[1...8] {
            #expect(DisplayWidth.of(line) == 80)
            for column in columns.dropFirst() {
                let gap = Layout.cells(line, from: column.x - 1, width: 1)
                #expect(gap == " " || gap.isEmpty, "gap before column at \(column.x) in: \(line)")
            }
        }
    }

    @Test func shiftLMovesTheDealToTheNextStageAndTheSelectionFollows() {
        let harness = Harness(start: .pipeline)
        harness.press(.char("L"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Qualified")
        #expect(harness.statusLine.contains("moved Acme rollout to Qualified"))
        let board = harness.app.screen(.pipeline) as? PipelineScreen
        #expect(board?.column == 1)
        #expect(board?.focused?.card?.title == "Acme rollout")
        #expect(harness.lines[1].contains("Lead (0)"))
        harness.press(.char(">"), .char("<"), .char("H"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Lead")
    }

    @Test func movingPastTheFirstStageSaysWhy() {
        let harness = Harness(start: .pipeline)
        harness.press(.char("H"))
        #expect(harness.statusLine.contains("H: Lead is the first stage"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Lead")
    }

    @Test func hAndLPickColumnsAndEmptyColumnsExplainDisabledKeys() {
        let harness = Harness(start: .pipeline)
        harness.press(.char("l"))
        harness.press(.char("L"))
        #expect(harness.statusLine.contains("no deal selected in this column"))
        harness.press(.right, .char("L"), .char("L"))
        #expect(stageName(of: "Yamada renewal 更新", in: harness.source) == "Negotiation")
        harness.press(.char("L"))
        #expect(harness.statusLine.contains("Negotiation is the last open stage; w marks it won"))
    }

    @Test func wMarksWonAndXMarksLostWithAReason() {
        let harness = Harness(start: .pipeline)
        harness.press(.char("w"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Won")
        #expect(harness.lines[1].contains("Won (2)"))
        harness.press(.char("w"))
        #expect(harness.statusLine.contains("this deal is already won"))
        harness.press(.char("h"), .char("h"))
        harness.press(.char("x"))
        harness.type("budget cut")
        harness.press(.enter)
        #expect(stageName(of: "Yamada renewal 更新", in: harness.source) == "Lost")
        #expect(
            harness.source.read { $0.deals.values.first { $0.title == "Yamada renewal 更新" }?.lostReason }
                == "budget cut")
    }

    @Test func enterOpensTheDealAndItsStageHistory() {
        let harness = Harness(start: .pipeline)
        harness.press(.char("L"), .enter)
        #expect(harness.text.contains("DEAL  Acme rollout"))
        #expect(harness.text.contains("Lead → Qualified"))
    }

    @Test func emptyPipelineExplainsWhatToDo() {
        var model = Fixture.model(empty: true)
        model.stages = []
        let harness = Harness(InMemoryDataSource(model), start: .pipeline)
        #expect(harness.text.contains("No pipeline stages."))
    }

    @Test func totalsLoadInTheBackgroundSoAMoveNeverWaitsForThem() {
        let runner = ManualRunner()
        let harness = Harness(start: .pipeline, runner: runner)
        #expect(harness.text.contains("Loading the board…"))
        while runner.pending > 0 { runner.runJob(0) }
        harness.render()
        #expect(harness.lines[1].contains("Lead (1)"))
        harness.press(.char("L"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Qualified")
        #expect(harness.lines[1].contains("Lead (1)"), "old totals until the background sum arrives")
        #expect(harness.text.contains("Acme rollout"), "the card itself moved at once")
        while runner.pending > 0 { runner.runJob(0) }
        harness.render()
        #expect(harness.lines[1].contains("Lead (0)"))
        #expect(harness.lines[1].contains("Qualified (1)"))
    }

    /// Marks on the board: `space` in two columns, then `m` moves both deals to a stage picked
    /// from a list, after asking, in one step that one `u` takes back.
    @Test func marksInTwoColumnsMoveTogetherAndOneUndoTakesThemBack() {
        let harness = Harness(start: .pipeline, width: 200, height: 60)
        harness.press(.char(" "))
        #expect(harness.statusLine.contains("1 deal marked"))
        #expect(harness.text.contains("● Acme rollout"))
        harness.press(.char("l"), .char("l"), .char(" "))
        #expect(harness.statusLine.contains("2 deals marked"))
        #expect(harness.text.contains("m move"), "the hint bar offers the move while deals are marked")
        harness.press(.char("m"))
        #expect(harness.text.contains("Move 2 deals to"))
        harness.type("neg")
        harness.press(.enter)
        #expect(harness.text.contains("Move to Negotiation: 2 deals?"))
        harness.press(.char("y"))
        #expect(harness.statusLine.contains("move to Negotiation: 2 deals changed in one step"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Negotiation")
        #expect(stageName(of: "Yamada renewal 更新", in: harness.source) == "Negotiation")
        #expect(!harness.text.contains("●"), "the marks are cleared")
        harness.press(.char("u"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Lead")
        #expect(stageName(of: "Yamada renewal 更新", in: harness.source) == "Proposal")
    }

    @Test func withoutMarksMMovesTheSelectedDeal() {
        let harness = Harness(start: .pipeline)
        harness.press(.char("m"))
        #expect(harness.text.contains("Move Acme rollout to"))
        harness.type("qual")
        harness.press(.enter, .char("y"))
        #expect(stageName(of: "Acme rollout", in: harness.source) == "Qualified")
    }
}
