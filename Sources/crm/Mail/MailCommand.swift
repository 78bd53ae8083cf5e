// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// `crm mail`: support on email (Docs/USER_GUIDE.md, "Running support on email").
struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Support on email: take in a mailbox as cases and customer replies.",
        subcommands: [MailImport.self])
}
