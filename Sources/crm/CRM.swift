// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// The `crm` command: a scriptable CLI over the local database.
struct CRM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crm",
        abstract: "A terminal-first CRM: contacts, companies, deals, cases and tasks in a local database.",
        discussion: """
            Records are named by a handle: #12 (the number in every list), an id prefix, an email, or the exact name.
            Every read command takes --json. Exit codes: 0 ok, 64 usage, 65 bad data, 66 no such record or file.

            Examples:
              crm init --user "Ana Rep" --email ana@example.com
              crm contact add --name "Zoë Ångström" --company "Acme GmbH"
              crm task list --owner me --due today
            """,
        version: CRM.version,
        subcommands: [
            Init.self, Demo.self, ContactCommand.self, CompanyCommand.self, DealCommand.self, StageCommand.self,
            ActivityCommand.self, TaskCommand.self, CaseCommand.self, Search.self, ImportCommand.self,
            ExportCommand.self, Dedupe.self, Backup.self, Check.self, SyncCommand.self, ReportCommand.self,
            TeamCommand.self, UndoCommand.self, MailCommand.self, SLACommand.self, NotificationsCommand.self,
            FieldCommand.self, TUICommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )

    /// The release this binary is; `crm --version` prints it.
    static let version = "crm 0.15.0 (sync protocol 1)"
}
