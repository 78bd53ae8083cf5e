// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore
import Foundation

extension SyncCommand {
    /// `crm sync refused [list | discard | note]`: changes the server refused.
    ///
    /// A refusal never blocks the queue; it waits here until the user has seen it.
    struct Refused: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refused",
            abstract: "Changes the server refused (role, invalid value): list, discard, or keep their text as a note.",
            subcommands: [List.self, Discard.self, Note.self], defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List refused changes: what, why and when.",
                discussion: """
                    Examples:
                      crm sync refused
                      crm sync refused --json
                    """)
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let store = try global.openStore()
                let refusals = try store.refusals()
                if global.json { return Output.json(refusals.map(Self.json)) }
                if refusals.isEmpty { return print("Nothing refused.") }
                Output.table(
                    ["ID", "WHAT", "RECORD", "WHY", "WHEN"],
                    refusals.map {
                        [
                            String($0.changeID.prefix(8)), Self.what($0), $0.label ?? "", $0.message,
                            Clock.local($0.refusedAt),
                        ]
                    }, maxWidth: 60)
                print(
                    "Discard with crm sync refused discard ID (or --all); keep the text as a note with crm sync refused note ID."
                )
            }

            static func what(_ refusal: Refusal) -> String {
                let kind = EntityKind(rawValue: refusal.kind)?.label ?? refusal.kind
                switch refusal.op {
                case "create": return "new \(kind)"
                case "set": return "\(kind) \(refusal.field ?? "")"
                default: return "\(refusal.op) \(kind)"
                }
            }

            /// The refused value as the JSON it was pushed as (read as the change log's value type).
            static func json(_ refusal: Refusal) -> JSONValue {
                [
                    "change_id": refusal.changeID.jsonValue, "entity": refusal.kind.jsonValue,
                    "entity_id": refusal.entityID.jsonValue, "op": refusal.op.jsonValue,
                    "field": refusal.field.jsonValue, "label": refusal.label.jsonValue,
                    "value": refusal.value.flatMap { JSONValue(jsonText: $0) }.jsonValue,
                    "code": refusal.code.jsonValue, "message": refusal.message.jsonValue,
                    "refused_at": Clock.iso(refusal.refusedAt),
                ]
            }
        }

        struct Discard: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "discard",
                abstract: "Forget refused changes, once you have seen them.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The refusal's id (the first 8 characters suffice).") var id: String?
            @Flag(help: "Discard every refusal.") var all = false

            func validate() throws {
                guard (id == nil) != !all else { throw ValidationError("give a refusal id or --all, not both") }
            }

            func run() throws {
                let store = try global.openStore()
                let count = try store.discardRefusals(matching: all ? nil : id)
                print("Discarded \(count) refused change\(count == 1 ? "" : "s").")
            }
        }

        struct Note: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "note",
                abstract: "Keep a refused record's text as a note (which your role may write), then discard it.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The refusal's id (the first 8 characters suffice).") var id: String

            func run() throws {
                let store = try global.openStore()
                let matches = try store.refusals().filter { $0.changeID.hasPrefix(id.lowercased()) }
                guard id.count >= 4, matches.count == 1, let refusal = matches.first else {
                    throw Failure.usage("'\(id)' names \(matches.count) refused changes; crm sync refused lists them")
                }
                let kind = EntityKind(rawValue: refusal.kind)?.label ?? refusal.kind
                let subject = "Refused \(kind): \(refusal.label ?? refusal.entityID.prefix(8).description)"
                let body = Self.text(of: refusal)
                let fields: [String: FieldValue] = [
                    "kind": .text("note"), "subject": .text(String(subject.prefix(200))), "body": .text(body),
                ]
                let noteID = try store.add(RecordDraft(.activity, fields: fields))
                try store.discardRefusals(matching: refusal.changeID)
                print("Kept as note #\(try store.num(of: .activity, id: noteID) ?? 0); the refusal is discarded.")
            }

            /// The refused values as "field: value" lines.
            static func text(of refusal: Refusal) -> String {
                // Read as the change log's own value type, so the kept text is the refused text exactly.
                guard let json = refusal.value, let value = JSONValue(jsonText: json) else { return refusal.message }
                func text(_ value: JSONValue) -> String { value.stringValue ?? value.jsonText }
                if case .object(let object) = value {
                    return object.keys.sorted().map { "\($0): \(object[$0].map(text) ?? "")" }.joined(separator: "\n")
                }
                return "\(refusal.field ?? "value"): \(text(value))"
            }
        }
    }
}
