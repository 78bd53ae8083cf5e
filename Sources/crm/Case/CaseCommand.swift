// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm case`: support cases against SLA policies.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Open, triage, assign, answer and resolve support cases.",
        subcommands: [
            Open.self, List.self, Show.self, Edit.self, Assign.self, Status.self, Priority.self, Reply.self, Note.self,
            Remove.self, Restore.self,
        ]
    ).underCRM

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open", abstract: "Open a case; its SLA due times follow its priority.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "What the customer needs.") var subject: String
        @Option(help: "low, normal, high or urgent.") var priority = "normal"
        @Option(help: "The customer contact.") var contact: String?
        @Option(help: "Queue (team) name.") var queue: String?
        @Option(help: "Details.") var description: String?
        @Option(help: "Assignee: a teammate's name or email, 'me', or 'none' (default).") var assignee: String?
        @Option(name: .customLong("set"), help: "Any field, custom fields too, as field=value.") var pairs: [String] =
            []

        func run() throws {
            var inputs = Inputs(.supportCase)
            try inputs.setPairs(pairs)
            try inputs.set("subject", subject)
            try inputs.set("priority", priority)
            try inputs.set("queue", queue)
            try inputs.set("description", description)
            let store = try global.openStore()
            try People.warnIfRoleForbids(.supportCase, in: store)
            if let assignee { inputs.put("assignee_id", try People.assignee(assignee, in: store)) }
            inputs.put("contact_id", try store.reference(.contact, contact))
            if let contactID = inputs.fields["contact_id"]?.text, let id = RecordID(contactID),
                let company = try store.contact(id).companyID
            {
                inputs.put("company_id", .text(company.rawValue))
            }
            let id = try store.add(RecordDraft(.supportCase, fields: inputs.fields, custom: inputs.custom))
            try WriteReceipt(global, store).supportCase(
                id, "Opened", " (\(try store.supportCase(id).priority.rawValue))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The triage queue: unresolved cases, most urgent SLA first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this status (new, open, pending, solved, closed) or 'all'.") var status: String?
        @Option(help: "Only this queue.") var queue: String?
        @Flag(help: "Only cases assigned to you.") var mine = false
        @Flag(help: "Only unassigned cases.") var unassigned = false
        @Option(help: "Only cases of this teammate ('me', a name or email), or 'none' for unassigned.")
        var assignee: String?
        @Flag(help: "Only cases past an SLA due time.") var breached = false
        @Flag(name: .customLong("at-risk"), help: "Only cases with under 25% of their SLA time left.") var atRisk =
            false
        @Option(help: "Rows.") var limit = 50
        @Option(
            name: .customLong("where"),
            help: "Conditions on fields, custom fields too (any status): \"Product=Checking,Renewal<2027-01-01\".")
        var filterText: String?
        @Option(help: "Sort by a field or custom field; a leading - sorts descending.") var sort: String?

        func validate() throws {
            if breached && atRisk { throw ValidationError("use either --breached or --at-risk") }
        }

        func run() throws {
            var filter = CaseFilter()
            if let status {
                if status.lowercased() == "all" {
                    filter.statuses = nil
                } else {
                    guard let parsed = SupportCase.Status(rawValue: status.lowercased()) else {
                        throw DomainError.unknownChoice(
                            field: "status", value: status, allowed: EntitySchema.caseStatuses + ["all"])
                    }
                    filter.statuses = [parsed]
                }
            }
            filter.queue = queue
            filter.unassigned = unassigned
            filter.breachedOnly = breached
            filter.atRiskOnly = atRisk
            let store = try global.openStore()
            if mine {
                guard let user = try store.currentUser() else {
                    throw Failure.usage("--mine needs a user: run crm init --user NAME first")
                }
                filter.assigneeID = user.id
            }
            switch try People.filter(assignee, in: store) {
            case .person(let id): filter.assigneeID = id
            case .nobody: filter.unassigned = true
            case nil: break
            }
            let now = store.nowMillis
            let page: [SupportCase]
            if filterText != nil || sort != nil {
                let query = try ListQuery.parse(
                    where: filterText, sort: sort, limit: limit, kind: .supportCase, in: store)
                page = try store.ids(of: .supportCase, matching: query).map(store.supportCase)
            } else {
                page = try store.cases(filter, limit: limit)
            }
            if global.json {
                return Output.json(
                    try CustomFieldOutput.rows(
                        .supportCase, page.map { ($0.num, RecordJSON.supportCase($0, nowMillis: now)) }, store: store))
            }
            if page.isEmpty { return Output.line("No cases match.") }
            Output.table(
                ["#", "PRI", "STATUS", "SLA", "DUE", "SUBJECT", "ASSIGNEE"],
                page.map { item in
                    let clock = item.clock(nowMillis: now)
                    return [
                        "\(item.num)", item.priority.rawValue, item.status.rawValue, clock.overall.rawValue,
                        Clock.local(clock.nextDue), item.subject, item.assigneeName ?? "",
                    ]
                })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a case with its SLA clock and timeline.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case: #number, id prefix or subject.") var ref: String

        func run() throws {
            let store = try global.openStore()
            try Self.print(
                store.supportCase(try store.resolve(.supportCase, ref)), store: store, json: global.json)
        }

        static func print(_ item: SupportCase, store: Store, json: Bool) throws {
            let now = store.nowMillis
            let timeline = try store.timeline(
                .supportCase, id: item.id, limit: 20, timeZoneOffsetSeconds: Clock.offsetSeconds)
            let attachments = try store.caseAttachments(item.id)
            if json {
                var object = RecordJSON.supportCase(item, nowMillis: now)
                object["timeline"] = .array(RecordJSON.timeline(timeline))
                object["custom"] = try CustomFieldOutput.json(.supportCase, item.id, store: store)
                object["attachments"] = .array(
                    attachments.map { file in
                        [
                            "name": file.name.jsonValue, "content_type": file.contentType.jsonValue,
                            "size": file.size.jsonValue, "sha256": file.sha256.jsonValue,
                            "stored": file.stored.jsonValue,
                        ]
                    })
                return Output.json(object)
            }
            let clock = item.clock(nowMillis: now)
            Output.fields(
                [
                    ("#", "\(item.num)"), ("subject", item.subject),
                    ("priority", item.priority.rawValue), ("status", item.status.rawValue), ("queue", item.queue),
                    ("contact", item.contactName), ("assignee", item.assigneeName),
                    ("first response", "due \(Clock.local(item.firstResponseDue)) — \(clock.firstResponse.rawValue)"),
                    ("resolution", "due \(Clock.local(clock.effectiveResolutionDue)) — \(clock.resolution.rawValue)"),
                    ("SLA hours", item.calendar.map(RecordJSON.businessHours) ?? "24/7"),
                    ("description", item.description),
                ] + (try CustomFieldOutput.lines(.supportCase, item.id, store: store)))
            TimelinePrinter.print(timeline)
            if !attachments.isEmpty { Output.line("\nAttachments") }
            for file in attachments {
                Output.line(
                    "  \(file.name)  \(file.contentType)  \(file.size) bytes"
                        + (file.stored ? "" : "  (not stored: over the limit)"))
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a case's subject, queue, contact or description.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case.") var ref: String
        @Option(help: "Subject.") var subject: String?
        @Option(help: "Queue.") var queue: String?
        @Option(help: "Contact handle.") var contact: String?
        @Option(help: "Details.") var description: String?
        @Option(help: "Assignee: a teammate's name or email, 'me', or 'none'.") var assignee: String?
        @Option(name: .customLong("set"), help: "A custom field as field=value.") var pairs: [String] = []

        func run() throws {
            var inputs = Inputs(.supportCase)
            try inputs.setPairs(pairs)
            try inputs.set("subject", subject)
            try inputs.set("queue", queue)
            try inputs.set("description", description)
            let store = try global.openStore()
            let id = try store.resolve(.supportCase, ref)
            if let assignee { inputs.put("assignee_id", try People.assignee(assignee, in: store)) }
            inputs.put("contact_id", try store.reference(.contact, contact))
            let custom = try store.customInput(.supportCase, inputs.custom, isNew: false)
            try store.update(.supportCase, id: id, inputs.fields)
            if !custom.isEmpty { try store.edit(id, RecordDraft(.supportCase, custom: inputs.custom)) }
            try WriteReceipt(global, store).supportCase(id, "Updated")
        }
    }
}
