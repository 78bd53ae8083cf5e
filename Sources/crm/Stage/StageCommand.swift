// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm stage`: the columns of the pipeline board.
struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage", abstract: "List, add, rename and reorder pipeline stages.",
        subcommands: [List.self, Add.self, Rename.self, Move.self]
    ).underCRM

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List stages in board order with open deal totals.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let stages = try store.stages()
            if global.json { return Output.json(stages.map(RecordJSON.stage)) }
            let rows = try stages.map { stage -> [String] in
                let totals = try store.stageTotals(stage.id)
                return [
                    "\(stage.position)", stage.name, "\(stage.probability)%", stage.kind.rawValue, "\(totals.count)",
                    totals.amounts.map(\.formatted).joined(separator: ", "),
                ]
            }
            Output.table(["POS", "STAGE", "PROB", "KIND", "DEALS", "VALUE"], rows, maxWidth: 60)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a stage; prints its id.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Stage name.") var name: String
        @Option(help: "Default win probability in percent.") var probability: Int = 50
        @Option(help: "open, won or lost.") var kind: String = "open"
        @Option(help: "1-based position on the board (default: before the closed stages).") var position: Int?

        func run() throws {
            guard let stageKind = StageKind(rawValue: kind.lowercased()) else {
                throw DomainError.unknownChoice(field: "kind", value: kind, allowed: StageKind.allCases.map(\.rawValue))
            }
            let store = try global.openStore()
            let id = try store.addStage(name: name, probability: probability, kind: stageKind, position: position)
            if global.json {
                return Output.json(try store.stages().first { $0.id == id }.map(RecordJSON.stage) ?? [:])
            }
            Output.line(id.rawValue)
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename", abstract: "Rename a stage.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Current name.") var stage: String
        @Argument(help: "New name.") var name: String

        func run() throws {
            let store = try global.openStore()
            let id = try StageName.resolve(stage, in: store)
            try store.renameStage(id, to: name)
            Output.line(id.rawValue)
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move", abstract: "Move a stage to a position on the board.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Stage name.") var stage: String
        @Argument(help: "New 1-based position.") var position: Int

        func run() throws {
            let store = try global.openStore()
            let id = try StageName.resolve(stage, in: store)
            try store.moveStage(id, to: position)
            Output.line(id.rawValue)
        }
    }
}
