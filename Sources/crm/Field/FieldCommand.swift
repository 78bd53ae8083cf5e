// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm field`: custom fields of contacts, companies, deals and cases (issue 19).
struct FieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "field", abstract: "Define, list, rename and retire custom fields (admins and managers).",
        subcommands: [Add.self, List.self, Rename.self, Retire.self]
    ).underCRM

    /// The kind a custom field belongs to, as typed: `contact`, `company`, `deal`, `case` (or plurals).
    static func kind(_ text: String) throws -> EntityKind {
        let word = text.lowercased()
        let singular = word == "companies" ? "company" : (word.hasSuffix("s") ? String(word.dropLast()) : word)
        guard let kind = EntityKind(rawValue: singular), FieldDefinition.customizable.contains(kind) else {
            throw Failure.usage(
                "custom fields belong to \(FieldDefinition.customizable.map(\.rawValue).joined(separator: ", ")); "
                    + "not '\(text)'")
        }
        return kind
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Define a custom field: crm field add deal \"Renewal date\" --type date.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "contact, company, deal or case.") var kind: String
        @Argument(help: "The field's name, as people read it.") var name: String
        @Option(
            help: "text, number, money, date, datetime, bool, one-of, many-of, link (with --to) or person.")
        var type = "text"
        @Option(help: "The choices of a one-of or many-of field, comma-separated.") var choices: String?
        @Option(help: "The kind of record a link field points to: contact, company, deal or case.") var to: String?
        @Flag(help: "Every record must have a value.") var required = false
        @Option(help: "The value new records get when none is given.") var `default`: String?
        @Option(name: .customLong("help-text"), help: "A sentence saying what the field is for.") var helpText: String?

        func run() throws {
            let entity = try FieldCommand.kind(kind)
            guard let fieldType = CustomFieldType(typed: type) else {
                throw DomainError.unknownChoice(
                    field: "type", value: type, allowed: CustomFieldType.allCases.map(\.rawValue))
            }
            let options = (choices ?? "").split(separator: ",").map { String($0).trimmed() }.filter { !$0.isEmpty }
            let definition = FieldDefinition(
                id: .make(), entity: entity, name: name.trimmed(), type: fieldType,
                target: try to.map(FieldCommand.kind), choices: options, required: required, defaultText: `default`,
                help: helpText)
            let store = try global.openStore()
            try store.defineField(definition)
            if global.json { return Output.json(FieldCommand.json(definition)) }
            Output.line("\(entity.label) field '\(definition.name)' (\(fieldType.rawValue)), key \(definition.key)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List custom fields, of one kind or all.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "contact, company, deal or case (default: all).") var kind: String?
        @Flag(help: "Show retired fields too.") var retired = false

        func run() throws {
            let store = try global.openStore()
            let kinds = try kind.map { [try FieldCommand.kind($0)] } ?? FieldDefinition.customizable
            let definitions = try kinds.flatMap { try store.fieldDefinitions(of: $0, includeRetired: retired) }
            if global.json { return Output.json(definitions.map(FieldCommand.json)) }
            if definitions.isEmpty {
                return Output.line("No custom fields. Define one with: crm field add deal \"Renewal date\" --type date")
            }
            Output.table(
                ["KIND", "NAME", "KEY", "TYPE", "REQUIRED", "CHOICES"],
                definitions.map {
                    [
                        $0.entity.rawValue, $0.name + ($0.retired ? " (retired)" : ""), $0.key,
                        $0.type == .link ? "link to \($0.target?.rawValue ?? "?")" : $0.type.rawValue,
                        $0.required ? "yes" : "", $0.choices.joined(separator: ", "),
                    ]
                })
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename",
            abstract: "Rename a custom field; its key and values stay.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "contact, company, deal or case.") var kind: String
        @Argument(help: "The field's name or key.") var name: String
        @Argument(help: "The new name.") var newName: String

        func run() throws {
            let entity = try FieldCommand.kind(kind)
            let store = try global.openStore()
            try store.renameField(entity, name, to: newName)
            Output.line("renamed \(entity.label) field '\(name)' to '\(newName.trimmed())'")
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire",
            abstract: "Retire a custom field: hidden, takes no new values; its values are kept.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "contact, company, deal or case.") var kind: String
        @Argument(help: "The field's name or key.") var name: String

        func run() throws {
            let entity = try FieldCommand.kind(kind)
            let store = try global.openStore()
            try store.retireField(entity, name)
            Output.line("retired \(entity.label) field '\(name)'")
        }
    }

    static func json(_ definition: FieldDefinition) -> [String: JSONValue] {
        [
            "id": definition.id.jsonValue, "entity": definition.entity.rawValue.jsonValue,
            "name": definition.name.jsonValue, "key": definition.key.jsonValue,
            "type": definition.type.rawValue.jsonValue, "target": definition.target?.rawValue.jsonValue ?? .null,
            "choices": definition.choices.jsonValue, "required": definition.required.jsonValue,
            "default": definition.defaultText.jsonValue, "help": definition.help.jsonValue,
            "retired": definition.retired.jsonValue,
        ]
    }
}
