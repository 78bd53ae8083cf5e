// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

extension ImportCommand {
    /// `crm import check`: the references imports kept for records that never arrived.
    struct ImportCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "List the references imports could not resolve yet.",
            discussion: """
                A contact whose AccountId names an account not imported, a deal whose OwnerId names nobody in the
                Users file: the import keeps the link and sets it when the record arrives, in any order. This first
                sets those whose record is here now, then lists the rest by file and line. Exit 0 either way.
                Examples:
                  crm import check
                  crm import check --json | jq 'length'
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let settled = try store.settlePendingReferences()
            let pending = try store.pendingReferences()
            if global.json {
                return Output.json(
                    pending.map { reference -> JSONValue in
                        [
                            "entity": reference.entity.rawValue.jsonValue, "id": reference.entityID.jsonValue,
                            "field": reference.field.jsonValue, "target": reference.target.rawValue.jsonValue,
                            "source_id": reference.sourceID.jsonValue, "file": reference.file.jsonValue,
                            "line": reference.line.jsonValue,
                        ]
                    })
            }
            if settled > 0 { Output.line("\(settled) reference(s) resolved now.") }
            if pending.isEmpty { return Output.line("Every imported reference is resolved.") }
            Output.line("\(pending.count) reference(s) wait for records not imported:")
            Output.table(
                ["FILE", "LINE", "RECORD", "FIELD", "NEEDS", "SOURCE ID"],
                pending.map {
                    [
                        $0.file, String($0.line), "\($0.entity.rawValue) \($0.entityID.rawValue.prefix(8))", $0.field,
                        $0.target.rawValue, $0.sourceID,
                    ]
                })
        }
    }
}
