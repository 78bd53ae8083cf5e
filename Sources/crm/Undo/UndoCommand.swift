// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm undo`: take back a transaction this device wrote, itself as a change that syncs.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo", abstract: "Take back your last change on this device (run it again to redo).",
        discussion: """
            An undo writes the earlier values back as a new change, so it syncs to your other devices \
            and can itself be undone. A field someone changed after the transaction keeps their value; \
            the undo says so. Undoing an add deletes the record, undoing a delete restores it.
            """
    ).underCRM

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The transaction to undo, as numbered by --list (default: the last one).")
    var transaction: Int64?
    @Flag(help: "List recent transactions and what each changed, newest first.") var list = false
    @Option(help: "How many transactions --list shows.") var limit = 10
    @Option(
        name: .customLong("import"),
        help: ArgumentHelp("Take back a whole import, as numbered by `crm import`.", valueName: "N"))
    var importRun: Int64?

    /// The most lines of an undo report shown; JSON has them all.
    static let shownLines = 20

    func validate() throws {
        if list, let transaction {
            throw ValidationError("--list shows transactions; undo one with 'crm undo \(transaction)' alone")
        }
        if let importRun, list || transaction != nil {
            throw ValidationError(
                "--import \(importRun) undoes a whole import; give it without --list or a transaction")
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store = try global.openStore()
        if list {
            try show(store.undoHistory(limit: limit, timeZoneOffsetSeconds: Clock.offsetSeconds))
        } else if let importRun {
            try report(
                store.undoImport(importRun, timeZoneOffsetSeconds: Clock.offsetSeconds), of: "import #\(importRun)")
        } else {
            let outcome = try store.undo(transaction, timeZoneOffsetSeconds: Clock.offsetSeconds)
            try report(outcome, of: "#\(outcome.undone)")
        }
    }

    private func show(_ transactions: [UndoTransaction]) throws {
        if global.json {
            Output.json(
                transactions.map { tx -> JSONValue in
                    [
                        "transaction": tx.id.jsonValue, "at": Clock.iso(tx.at), "undoes": tx.undoes.jsonValue,
                        "changes": tx.changes.jsonValue, "more": tx.more.jsonValue,
                    ]
                })
            return
        }
        guard !transactions.isEmpty else {
            Output.line("Nothing to undo: this device has made no changes yet.")
            return
        }
        for tx in transactions {
            let note = tx.undoes.map { "  undo of #\($0)" } ?? ""
            Output.line("#\(tx.id)  \(Clock.local(tx.at))\(note)")
            for line in tx.changes { Output.line("    \(line)") }
            if tx.more > 0 { Output.line("    and \(tx.more) more record\(tx.more == 1 ? "" : "s")") }
        }
    }

    private func report(_ outcome: UndoOutcome, of what: String) throws {
        if global.json {
            Output.json([
                "undone": outcome.undone.jsonValue, "transaction": outcome.transaction.jsonValue,
                "done": outcome.done.jsonValue, "kept": outcome.kept.jsonValue,
            ])
        } else {
            if let written = outcome.transaction {
                Output.line("Undid \(what) as #\(written) (crm undo \(written) redoes it):")
            } else {
                Output.line("Nothing of \(what) was undone.")
            }
            for (lines, prefix) in [(outcome.done, "  "), (outcome.kept, "  kept: ")] {
                for line in lines.prefix(Self.shownLines) { Output.line(prefix + line) }
                if lines.count > Self.shownLines {
                    Output.line(prefix + "… and \(lines.count - Self.shownLines) more (--json lists them all)")
                }
            }
        }
        if outcome.transaction == nil, !outcome.kept.isEmpty { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}
