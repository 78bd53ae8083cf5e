// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMInterchange
import CRMInterchangeStore
import Foundation

/// `crm export csv|vcard|json`: write records out for other tools or another database.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export records as CSV, vCard 4.0 or a JSON snapshot.",
        discussion: """
            csv: one kind (--kind contact, company or deal), columns named like crm's fields, importable back as is.
            vcard: contacts. json: every record of every kind with its id, for `crm import json`.
            """
    ).underCRM

    @OptionGroup var global: GlobalOptions
    @Argument(help: "csv, vcard or json.") var format: String
    @Option(help: "For csv: contact, company or deal (default contact).") var kind: String?
    @Option(name: [.short, .customLong("output")], help: "The file to write (default: standard output).")
    var output: String?
    @Option(help: "For vcard: 4.0 (default) or 3.0, which many phones and Outlook read best.")
    var version: String?

    func validate() throws {
        guard ["csv", "vcard", "json"].contains(format) else {
            throw ValidationError("format must be csv, vcard or json, not '\(format)'")
        }
        if let version {
            guard format == "vcard", VCardWriter.Version(rawValue: version) != nil else {
                throw ValidationError("--version is for vcard and must be 3.0 or 4.0, not '\(version)'")
            }
        }
        if let kind {
            guard format != "json" else { throw ValidationError("json exports every kind; leave out --kind") }
            guard ["contact", "company", "deal"].contains(kind), format == "csv" || kind == "contact" else {
                throw ValidationError("--kind must be contact, company or deal (vcard: contact), not '\(kind)'")
            }
        }
    }

    func run() throws {
        let store = try global.openStoreForReading()
        if let output, FileManager.default.fileExists(atPath: output) {
            throw Failure("'\(output)' already exists; choose another file or remove it first", code: .cannotCreate)
        }
        let sink = try Failure.interchange { try TextSink(path: output) }
        let exporter = StoreExporter(store: store)
        let count: Int
        let entity = EntityKind(rawValue: kind ?? "contact") ?? .contact
        switch format {
        case "csv": count = try exporter.csv(entity, to: sink)
        case "vcard":
            count = try exporter.vcard(to: sink, version: version.flatMap(VCardWriter.Version.init) ?? .v4)
        default: count = try JSONSnapshot(store: store).export(to: sink)
        }
        sink.finish()
        let what = format == "json" ? "records" : "\(entity.label) records"
        FileHandle.standardError.write(Data("exported \(count) \(what)\(output.map { " to \($0)" } ?? "")\n".utf8))
    }
}
