// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMInterchange
import CRMInterchangeStore

extension ImportCommand {
    struct ImportVCard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vcard", abstract: "Import contacts from a vCard file (2.1, 3.0 or 4.0).",
            discussion: """
                The preferred email and phone fill the contact's email and phone; others are kept in its notes. ORG is
                the company (linked by name, created if missing), CATEGORIES are tags; photos are skipped.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .vcf file.") var file: String
        @Flag(help: "Show the report without writing anything.") var dryRun = false
        @Flag(help: "Write nothing if any card is bad.") var strict = false

        func run() throws {
            let store = try global.openStore()
            let cards = try Failure.interchange { try VCardParser.parse(path: file) }
            let mark = try store.lastDeviceSeq()
            var sink = StoreImportSink(store: store, kind: .contact)
            var report = try RowImporter(dryRun: dryRun, strict: strict).run(
                cards.map { $0.importRow() }, file: file, kind: "contact", into: &sink)
            let photos = cards.filter { $0.skipped.contains("PHOTO") }.count
            if photos > 0 { report.notes.append("\(photos) photo(s) skipped: crm does not store photos") }
            report.notes += sink.notes.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            report.importID = try store.recordImport(file: file, kind: "contact", since: mark)
            try ImportCommand.finish(report, json: global.json)
        }
    }

    struct ImportJSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Import a file written by `crm export json` (all records, same ids).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .json file.") var file: String

        func run() throws {
            let store = try global.openStore()
            let mark = try store.lastDeviceSeq()
            var report = try Failure.interchange { try JSONSnapshot(store: store).importFile(path: file) }
            report.importID = try store.recordImport(file: file, kind: "all", since: mark)
            try ImportCommand.finish(report, json: global.json)
        }
    }
}
