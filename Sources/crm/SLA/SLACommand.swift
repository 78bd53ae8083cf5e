// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm sla`: the SLA policy of each priority and the business-hours calendars they count in.
struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla", abstract: "Show and change SLA policies and their business-hours calendars.",
        discussion: """
            Examples:
              crm sla calendar set office --zone Europe/Berlin --days mon-fri --hours 09:00-17:00 --holidays 2026-12-25
              crm sla policy set high --first-response 240 --calendar office
              crm sla policy list
            """,
        subcommands: [SLACalendarCommand.self, SLAPolicyCommand.self]
    ).underCRM
}

/// `crm sla calendar show|set`.
struct SLACalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Business-hours calendars: working days, hours, time zone, holidays.",
        subcommands: [Show.self, Set.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one calendar, or all of them.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The calendar's name (default: all).") var name: String?

        func run() throws {
            let store = try global.openStore()
            var calendars = try store.slaCalendars()
            if let name {
                calendars = calendars.filter { $0.name.lowercased() == name.trimmed().lowercased() }
                if calendars.isEmpty { throw StoreError.notFound(kind: .slaCalendar, handle: name) }
            }
            if global.json { return Output.json(calendars.map(Self.json)) }
            if calendars.isEmpty { return Output.line("No calendars: SLA clocks run around the clock.") }
            Output.table(
                ["NAME", "ZONE", "DAYS", "HOURS", "HOLIDAYS"],
                calendars.map {
                    [
                        $0.name, $0.calendar.timeZone.identifier, $0.calendar.daysText, $0.calendar.hoursText,
                        $0.calendar.holidaysText,
                    ]
                }, maxWidth: 60)
        }

        static func json(_ record: SLACalendarRecord) -> [String: JSONValue] {
            [
                "id": record.id.jsonValue, "name": record.name.jsonValue,
                "time_zone": record.calendar.timeZone.identifier.jsonValue,
                "days": record.calendar.workingDays.sorted().map(\.name).jsonValue,
                "hours": record.calendar.hoursText.jsonValue,
                "holidays": record.calendar.holidays.sorted().map(\.text).jsonValue,
            ]
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Create a calendar, or replace the hours of one with this name; prints its id.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The calendar's name.") var name: String
        @Option(help: "IANA time zone the hours are in, e.g. Europe/Berlin.") var zone: String
        @Option(help: "Working days: mon-fri, or a list like mon,tue,thu.") var days: String = "mon-fri"
        @Option(help: "Working hours, HH:MM-HH:MM in the zone's local time.") var hours: String = "09:00-17:00"
        @Option(help: "Days off, comma-separated YYYY-MM-DD.") var holidays: String = ""

        func run() throws {
            let calendar = try BusinessCalendar(timeZone: zone, days: days, hours: hours, holidays: holidays)
            let store = try global.openStore()
            try People.warnIfRoleForbids(.slaCalendar, in: store)
            let id = try store.setSLACalendar(name: name, calendar)
            if global.json {
                return Output.json(try store.slaCalendars().first { $0.id == id }.map(Show.json) ?? [:])
            }
            Output.line(id.rawValue)
        }
    }
}

/// `crm sla policy list|set`.
struct SLAPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "The first-response and resolution targets of each priority.",
        subcommands: [List.self, Set.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the policy of each priority.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let policies = try global.openStore().slaPolicies()
            if global.json {
                return Output.json(
                    policies.map { entry -> [String: JSONValue] in
                        [
                            "priority": entry.policy.priority.rawValue.jsonValue,
                            "first_response_minutes": entry.policy.firstResponseMinutes.jsonValue,
                            "resolution_minutes": entry.policy.resolutionMinutes.jsonValue,
                            "calendar": entry.calendarName.jsonValue,
                        ]
                    })
            }
            Output.table(
                ["PRIORITY", "FIRST RESPONSE", "RESOLUTION", "CALENDAR"],
                policies.map {
                    [
                        $0.policy.priority.rawValue, "\($0.policy.firstResponseMinutes) min",
                        "\($0.policy.resolutionMinutes) min", $0.calendarName ?? "24/7",
                    ]
                })
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a priority's targets or calendar; cases opened or re-prioritised after follow it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "low, normal, high or urgent.") var priority: String
        @Option(name: .customLong("first-response"), help: "Minutes to the first response.") var firstResponse: Int64?
        @Option(help: "Minutes to resolution.") var resolution: Int64?
        @Option(help: "Calendar name the minutes count in, or 24/7 for around the clock.") var calendar: String?

        func run() throws {
            guard let level = SupportCase.Priority(rawValue: priority.lowercased()) else {
                throw DomainError.unknownChoice(field: "priority", value: priority, allowed: EntitySchema.priorities)
            }
            guard firstResponse != nil || resolution != nil || calendar != nil else {
                throw Failure.usage("nothing to change: give --first-response, --resolution or --calendar")
            }
            let choice: String?? = calendar.map { $0 == "24/7" || $0.lowercased() == "none" ? nil : $0 }
            let store = try global.openStore()
            try People.warnIfRoleForbids(.slaPolicy, in: store)
            try store.setSLAPolicy(
                level, firstResponseMinutes: firstResponse, resolutionMinutes: resolution, calendar: choice)
        }
    }
}
