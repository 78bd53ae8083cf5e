// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// `crm mail`: support on email (Docs/USER_GUIDE.md, "Running support on email").
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Support on email: import a mailbox as cases, send replies by SMTP.",
        subcommands: [MailImport.self, MailSend.self, MailOutbox.self, MailRetry.self]
    ).underCRM
}
