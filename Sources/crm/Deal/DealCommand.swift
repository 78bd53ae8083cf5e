// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm deal`: opportunities moving through the pipeline.
struct DealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deal", abstract: "Add, list, show, edit, move, win, lose and remove deals.",
        subcommands: [
            Add.self, List.self, Show.self, Edit.self, Move.self, Won.self, Lost.self, Remove.self, Restore.self,
        ]
    ).underCRM

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a deal; prints its id (the sentence on stderr).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Deal title.") var title: String
        @Option(parsing: .unconditional, help: "Amount as a decimal, e.g. 12000.50.") var amount: String
        @Option(help: "ISO 4217 currency code.") var currency = "USD"
        @Option(help: "Stage name (default: the first open stage).") var stage: String?
        @Option(help: "Company name or handle; a new name creates it.") var company: String?
        @Option(help: "Contact handle.") var contact: String?
        @Option(help: "Expected close date, YYYY-MM-DD.") var closeDate: String?
        @Option(help: "Win probability in percent, overriding the stage's.") var probability: String?
        @Option(help: "A tag (repeat for more).") var tag: [String] = []
        @Option(help: "Notes.") var notes: String?
        @Option(help: "Owner: a teammate's name or email, or 'me' (default: you).") var owner: String?
        @Option(name: .customLong("set"), help: "Any field, custom fields too, as field=value.") var pairs: [String] =
            []

        func run() throws {
            var inputs = Inputs(.deal)
            try inputs.set("title", title)
            try inputs.set("amount", amount, currency: currency)
            try inputs.set("close_date", closeDate)
            try inputs.set("probability", probability)
            try inputs.set("notes", notes)
            if !tag.isEmpty { inputs.put("tags", .tags(try Tag.normalize(tag))) }
            try inputs.setPairs(pairs)
            let store = try global.openStore()
            if let stage { inputs.put("stage_id", .text(try StageName.resolve(stage, in: store).rawValue)) }
            inputs.put("contact_id", try store.reference(.contact, contact))
            try People.warnIfRoleForbids(.deal, in: store)
            let id = try store.add(
                RecordDraft(
                    .deal, fields: inputs.fields, company: company.flatMap { $0.isEmpty ? nil : $0 },
                    owner: try People.owner(owner, in: store), custom: inputs.custom))
            let deal = try store.deal(id)
            try WriteReceipt(global, store).deal(id, "Added", " (\(deal.amount.formatted), \(deal.stageName))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List deals, newest first, a page at a time.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only deals in this stage.") var stage: String?
        @Option(help: "Only deals of this teammate ('me', a name or email), or 'none' for deals without owner.")
        var owner: String?
        @Option(help: "Rows per page.") var limit = 50
        @Option(help: "Continue after this deal (#number of the previous page's last row).") var after: String?
        @Option(
            name: .customLong("where"),
            help: "Conditions on fields, custom fields too: \"Region=North,Renewal date<2027-01-01\".")
        var filter: String?
        @Option(help: "Sort by a field or custom field; a leading - sorts descending.") var sort: String?

        func run() throws {
            let store = try global.openStore()
            let stageID = try stage.map { try StageName.resolve($0, in: store) }
            let before = try after.map { try store.num(of: .deal, id: try store.resolve(.deal, $0)) } ?? nil
            let page: [Deal]
            if filter != nil || sort != nil {
                let query = try ListQuery.parse(where: filter, sort: sort, limit: limit, kind: .deal, in: store)
                page = try store.ids(of: .deal, matching: query).map(store.deal)
            } else {
                page = try store.deals(
                    stageID: stageID, owner: try People.filter(owner, in: store), before: before, limit: limit)
            }
            if global.json {
                return Output.json(
                    try CustomFieldOutput.rows(.deal, page.map { ($0.num, RecordJSON.deal($0)) }, store: store))
            }
            if page.isEmpty { return Output.line("No deals.") }
            let names = try store.userNames()
            Output.table(
                ["#", "TITLE", "AMOUNT", "STAGE", "COMPANY", "OWNER", "CLOSE"],
                page.map {
                    [
                        "\($0.num)", $0.title, $0.amount.formatted, $0.stageName, $0.companyName ?? "",
                        People.name($0.ownerID, names), $0.closeDate ?? "",
                    ]
                })
            if page.count == limit, let last = page.last { Output.line("… more: crm deal list --after \(last.num)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a deal with its stage history and timeline.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The deal: #number, id prefix or title.") var ref: String

        func run() throws {
            let store = try global.openStore()
            try Self.print(store.deal(try store.resolve(.deal, ref)), store: store, json: global.json)
        }

        static func print(_ deal: Deal, store: Store, json: Bool) throws {
            let timeline = try store.timeline(.deal, id: deal.id, limit: 20, timeZoneOffsetSeconds: Clock.offsetSeconds)
            if json {
                var object = RecordJSON.deal(deal)
                object["timeline"] = .array(RecordJSON.timeline(timeline))
                object["custom"] = try CustomFieldOutput.json(.deal, deal.id, store: store)
                return Output.json(object)
            }
            Output.fields(
                [
                    ("#", "\(deal.num)"), ("title", deal.title),
                    ("amount", deal.amount.formatted),
                    ("stage", "\(deal.stageName) (\(deal.probability)%)"), ("company", deal.companyName),
                    ("contact", deal.contactName), ("owner", People.name(deal.ownerID)), ("close date", deal.closeDate),
                    ("lost reason", deal.lostReason),
                    ("tags", deal.tags.joined(separator: ", ")), ("notes", deal.notes),
                ] + (try CustomFieldOutput.lines(.deal, deal.id, store: store)))
            TimelinePrinter.print(timeline)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change fields of a deal (use `deal move` for the stage).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The deal: #number, id prefix or title.") var ref: String
        @Option(help: "Title.") var title: String?
        @Option(parsing: .unconditional, help: "Amount as a decimal.") var amount: String?
        @Option(help: "Currency (with --amount).") var currency: String?
        @Option(help: "Company name or handle.") var company: String?
        @Option(help: "Contact handle.") var contact: String?
        @Option(help: "Expected close date, YYYY-MM-DD.") var closeDate: String?
        @Option(help: "Win probability in percent (empty: the stage's).") var probability: String?
        @Option(help: "Notes.") var notes: String?
        @Option(name: .customLong("set"), help: "Any field, custom fields too, as field=value.") var pairs: [String] =
            []

        func run() throws {
            let store = try global.openStore()
            let id = try store.resolve(.deal, ref)
            var inputs = Inputs(.deal)
            try inputs.set("title", title)
            if amount != nil || currency != nil {
                let current = try store.deal(id)
                try inputs.set(
                    "amount", amount ?? current.amount.decimalString, currency: currency ?? current.amount.currency.code
                )
            }
            try inputs.set("close_date", closeDate)
            try inputs.set("probability", probability)
            try inputs.set("notes", notes)
            try inputs.setPairs(pairs)
            inputs.put("contact_id", try store.reference(.contact, contact))
            try store.edit(id, RecordDraft(.deal, fields: inputs.fields, company: company, custom: inputs.custom))
            try WriteReceipt(global, store).deal(id, "Updated")
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move",
            abstract: "Move deals to another stage.",
            discussion: """
                Several deals, or --where, move in one transaction: one `crm undo` takes it back.

                Examples:
                  crm deal move 12 Negotiation
                  crm deal move 12 13 14 --to Qualified
                  crm deal move --where "stage=Lead,owner=me" --to Qualified
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var targets: BulkTargets

        func run() throws {
            let store = try global.openStore()
            let stage = try StageName.resolve(targets.value, in: store)
            guard let single = targets.single else {
                let name = try store.stages().first { $0.id == stage }?.name ?? targets.value
                return try targets.run(.deal, .stage(stage), in: store, json: global.json, done: "moved to \(name)")
            }
            let id = try store.resolve(.deal, single.ref)
            try store.moveDeal(id, to: stage)
            try WriteReceipt(global, store).deal(id, "Moved", " to \(try store.deal(id).stageName)")
        }
    }

    struct Won: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "won", abstract: "Mark a deal won.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The deal: #number, id prefix or title.") var ref: String

        func run() throws {
            let store = try global.openStore()
            let id = try store.resolve(.deal, ref)
            try store.closeDeal(id, as: .won)
            try WriteReceipt(global, store).deal(id, "Won", " (\(try store.deal(id).amount.formatted))")
        }
    }

    struct Lost: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lost", abstract: "Mark a deal lost, with a reason.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The deal: #number, id prefix or title.") var ref: String
        @Option(help: "Why it was lost.") var reason: String?

        func run() throws {
            let store = try global.openStore()
            let id = try store.resolve(.deal, ref)
            try store.closeDeal(id, as: .lost, reason: reason)
            try WriteReceipt(global, store).deal(id, "Lost", reason.map { ": \($0)" } ?? "")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete a deal (kept as a tombstone; `crm deal restore` or `crm undo` brings it back).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The deal: #number, id prefix or title.") var ref: String

        func run() throws { try RecordRemoval.run(.deal, ref: ref, global: global, restore: false) }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring back a deleted deal, with the records its delete took along.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The deal: #number, id prefix or title.") var ref: String

        func run() throws { try RecordRemoval.run(.deal, ref: ref, global: global, restore: true) }
    }
}

/// Stage names on the command line: unknown ones list the stages there are.
enum StageName {
    static func resolve(_ name: String, in store: Store) throws -> RecordID {
        let stages = try store.stages()
        if let match = stages.first(where: { TextKey.fold($0.name) == TextKey.fold(name) }) { return match.id }
        if let id = try? store.resolve(.stage, name) { return id }
        throw Failure.data("stage '\(name)' does not exist (stages: \(stages.map(\.name).joined(separator: ", ")))")
    }
}
