// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// `crm import`: bring records in from other CRMs' CSV exports, vCards, or a crm JSON export.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import contacts, companies and deals from CSV, vCard or a crm JSON export.",
        discussion: """
            Re-importing the same file updates the records it created instead of duplicating them (matched by the
            file's own ids, else by email). Every import ends with a report: created, updated, and each skipped row
            with its line and reason.
            """,
        subcommands: [
            ImportCSV.self, ImportVCard.self, ImportJSON.self, ImportExport<SalesforceExport>.self,
            ImportExport<HubSpotExport>.self, ImportExport<PipedriveExport>.self, ImportCheck.self, ImportVerify.self,
        ]
    ).underCRM
}
