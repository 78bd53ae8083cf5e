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

    /// The commands by the word that names them, for `Main.parse` and the did-you-mean check.
    ///
    /// Looking a word up here costs nothing, while asking each command type for its name builds
    /// every command's configuration: 5% of a `crm search` process, which scripts run in loops.
    /// `CommandTableTests` holds it to `configuration.subcommands`.
    static let commandsByName: [String: any ParsableCommand.Type] = [
        "init": Init.self, "demo": Demo.self, "contact": ContactCommand.self, "company": CompanyCommand.self,
        "deal": DealCommand.self, "stage": StageCommand.self, "activity": ActivityCommand.self,
        "task": TaskCommand.self, "case": CaseCommand.self, "search": Search.self, "import": ImportCommand.self,
        "export": ExportCommand.self, "dedupe": Dedupe.self, "backup": Backup.self, "check": Check.self,
        "sync": SyncCommand.self, "report": ReportCommand.self, "team": TeamCommand.self, "undo": UndoCommand.self,
        "mail": MailCommand.self, "sla": SLACommand.self, "notifications": NotificationsCommand.self,
        "field": FieldCommand.self, "tui": TUICommand.self,
    ]

    /// The release this binary is; `crm --version` prints it.
    static let version = "crm 0.15.0 (sync protocol 1)"
}
